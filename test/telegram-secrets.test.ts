// The bot token never reaches a log line or the outbox: grammY's HttpError holds the request URL
// (token included) in its cause, which pino's error serializer prints unless the value is scrubbed.

import { Writable } from 'node:stream';
import { Api, HttpError } from 'grammy';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/shared/log.js';
import { OWNER, type Stack, startStack } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { tempDir } from './helpers/store.js';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function networkError(token: string): Promise<HttpError> {
  const fake = await startFakeBotApi({ token });
  const root = fake.url;
  await fake.close();
  const error = await new Api(token, { apiRoot: root }).getMe().catch((e: unknown) => e);
  if (!(error instanceof HttpError)) throw new Error('expected an HttpError');
  return error;
}

let stack: Stack | undefined;
let fake: FakeBotApi | undefined;
afterEach(async () => {
  await stack?.stop();
  await fake?.close();
  stack = undefined;
  fake = undefined;
});

describe('no bot token in logs', () => {
  const token = '987654321:AAH-secretTokenValue_0123456789abcdef';

  it('an HttpError logged with pino’s err serializer shows the token unscrubbed, and never through createLogger', async () => {
    const error = await networkError(token);
    const raw = capture();
    pino({ level: 'info' }, raw.stream).error({ err: error }, 'call failed');
    expect(raw.text()).toContain(token);

    const scrubbed = capture();
    createLogger({ level: 'info', secrets: [token], stream: scrubbed.stream }).error(
      { err: error },
      'call failed',
    );
    expect(scrubbed.text()).not.toContain(token);
    expect(scrubbed.text()).toContain('[redacted]');
    expect(scrubbed.text()).toContain('HttpError');
  });

  it('keeps the token out of every log line and the outbox during a Bot API outage', async () => {
    fake = await startFakeBotApi({ token });
    fake.world.privateChat(OWNER);
    stack = await startStack({ fake, file: `${tempDir('kev-telegram-')}/kev.db` });
    fake.startOutage('down');
    stack.kev.notify({ platform: 'telegram', chatId: String(OWNER.id) }, { text: 'held back' });
    await fake.waitFor(() => stack?.store.outbox.get(1)?.lastError, 'a failed delivery');
    await fake.waitFor(() => stack?.logText().includes('polling Telegram failed'), 'a polling failure');
    expect(stack.logText()).toContain('delivery failed');
    expect(stack.logText()).not.toContain(token);
    expect(stack.logText()).not.toContain(token.split(':')[1]);
    expect(stack.store.outbox.get(1)?.lastError).not.toContain(token);
  });
});
