// Short waits wait: a 429 whose retry-after is short is waited out on the same model (the sleep is
// injected, so nothing really waits); a long or a repeated one fails over. Both are in agent_runs.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExecutors, type Dispatcher } from '../src/agents/index.js';
import { readConfig } from '../src/config/config.js';
import type { Provider } from '../src/router/catalogue.js';
import {
  type FakeReply,
  type FakeServer,
  startGeminiFake,
  startOpenAiFake,
  textReply,
} from './fakes/llm/index.js';
import { testDispatcher } from './helpers/dispatcher.js';
import { type TempStore, tempStore } from './helpers/store.js';

let t: TempStore;
let cerebras: FakeServer;
let gemini: FakeServer;
let dispatcher: Dispatcher | undefined;
let slept: number[];

beforeEach(async () => {
  t = tempStore();
  [cerebras, gemini] = await Promise.all([startOpenAiFake(), startGeminiFake()]);
  slept = [];
});

afterEach(async () => {
  await dispatcher?.stop(0);
  dispatcher = undefined;
  await Promise.all([cerebras.close(), gemini.close()]);
  t.cleanup();
});

const limited = (seconds: number): FakeReply => ({ kind: 'error', status: 429, retryAfterSeconds: seconds });

async function run(): Promise<number> {
  const config = readConfig({
    CEREBRAS_API_KEY: 'csk-test-key',
    CEREBRAS_BASE_URL: cerebras.baseUrl,
    GEMINI_API_KEY: 'gem-test-key',
    GEMINI_BASE_URL: gemini.baseUrl,
  });
  const task = t.store.tasks.create({ title: 'Compare vector databases', type: 'research', agent: 'Scout' });
  dispatcher = testDispatcher({
    store: t.store,
    configured: new Set<Provider>(['cerebras', 'gemini']),
    executors: createExecutors(config),
    dataDir: t.dir,
    rateLimitWaitMs: config.rateLimitWaitMs,
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
  dispatcher.start();
  await dispatcher.idle();
  return task.id;
}

const runs = (id: number) =>
  t.store.ledger.runs(id).map((r) => ({
    model: r.model,
    outcome: r.outcome,
    retryAfterMs: r.retryAfterMs,
    waitedMs: r.waitedMs,
  }));

describe('rate limits', () => {
  it('waits out a short retry-after and retries the same model', async () => {
    cerebras.script(limited(5), textReply('Qdrant, pgvector, Weaviate.'));
    const id = await run();
    expect(slept).toEqual([5000]);
    expect(gemini.requests).toHaveLength(0);
    expect(t.store.tasks.get(id)).toMatchObject({ state: 'review', result: 'Qdrant, pgvector, Weaviate.' });
    expect(runs(id)).toEqual([
      { model: 'cerebras/gpt-oss-120b', outcome: 'rate_limited', retryAfterMs: 5000, waitedMs: 5000 },
      { model: 'cerebras/gpt-oss-120b', outcome: 'ok', retryAfterMs: null, waitedMs: null },
    ]);
  });

  it('fails over on a long retry-after without waiting', async () => {
    cerebras.script(limited(120));
    gemini.script(textReply('From Gemini.'));
    const id = await run();
    expect(slept).toEqual([]);
    expect(t.store.tasks.get(id)?.result).toBe('From Gemini.');
    expect(runs(id)[0]).toEqual({
      model: 'cerebras/gpt-oss-120b',
      outcome: 'rate_limited',
      retryAfterMs: 120_000,
      waitedMs: null,
    });
  });

  it('fails over when the same model limits again after the wait', async () => {
    cerebras.script(limited(5), limited(5));
    gemini.script(textReply('From Gemini.'));
    const id = await run();
    expect(slept).toEqual([5000]);
    expect(t.store.tasks.get(id)?.result).toBe('From Gemini.');
    expect(runs(id).map((r) => [r.model, r.outcome, r.waitedMs])).toEqual([
      ['cerebras/gpt-oss-120b', 'rate_limited', 5000],
      ['cerebras/gpt-oss-120b', 'rate_limited', null],
      [expect.stringMatching(/^gemini\//), 'ok', null],
    ]);
  });
});
