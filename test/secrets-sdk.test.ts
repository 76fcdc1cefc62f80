// Errors from the model SDKs, logged whole (as a catch-all `log.error({ err })` would), carry no API
// key: the logger scrubs every configured secret by value, wherever in the error it sits.
// grammY's HttpError (token in the URL) is proven in telegram-secrets.test.ts; a whole session's
// bytes in storm.test.ts.

import { Writable } from 'node:stream';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/shared/log.js';
import { errorReply, type FakeServer, startAnthropicFake, startOpenAiFake } from './fakes/llm/index.js';

const OPENAI_KEY = 'sk-SDKSECRET-openai-0123456789abcdef';
const ANTHROPIC_KEY = 'sk-ant-SDKSECRET-anthropic-0123456789';
let fakes: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _e, done) {
      text += String(chunk);
      done();
    },
  });
  return {
    log: createLogger({ level: 'debug', secrets: [OPENAI_KEY, ANTHROPIC_KEY], stream }),
    text: () => text,
  };
}

describe('SDK errors in the log', () => {
  it('scrubs the key from an OpenAI SDK error, its request and its cause', async () => {
    const fake = await startOpenAiFake({
      fallback: errorReply(401, `Incorrect API key provided: ${OPENAI_KEY}`),
    });
    fakes.push(fake);
    const client = new OpenAI({ apiKey: OPENAI_KEY, baseURL: fake.baseUrl, maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error)).toContain('SDKSECRET');
    const { log, text } = capture();
    log.error({ err: error, client }, 'model call failed');
    expect(text()).toContain('model call failed');
    expect(text()).not.toContain('SDKSECRET');
  });

  it('scrubs the key from an Anthropic SDK error', async () => {
    const fake = await startAnthropicFake({
      fallback: errorReply(401, `invalid x-api-key ${ANTHROPIC_KEY}`),
    });
    fakes.push(fake);
    const client = new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: fake.baseUrl, maxRetries: 0 });
    const error = await client.messages
      .create({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(String(error)).toContain('SDKSECRET');
    const { log, text } = capture();
    log.error({ err: error }, 'model call failed');
    expect(text()).toContain('model call failed');
    expect(text()).not.toContain('SDKSECRET');
  });
});
