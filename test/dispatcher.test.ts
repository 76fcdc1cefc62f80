import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExecutors, type Dispatcher, type DispatcherOptions } from '../src/agents/index.js';
import { readConfig } from '../src/config/config.js';
import type { TaskRow } from '../src/db/index.js';
import type { Provider } from '../src/router/catalogue.js';
import {
  type FakeServer,
  jsonReply,
  slow,
  startAnthropicFake,
  startGeminiFake,
  startOpenAiFake,
  textReply,
} from './fakes/llm/index.js';
import { testDispatcher } from './helpers/dispatcher.js';
import { type TempStore, tempStore } from './helpers/store.js';

let t: TempStore;
let cerebras: FakeServer;
let gemini: FakeServer;
let anthropic: FakeServer;
let dispatcher: Dispatcher | undefined;
const events: Array<{ kind: string; taskId: number; text: string }> = [];

beforeEach(async () => {
  t = tempStore();
  [cerebras, gemini, anthropic] = await Promise.all([
    startOpenAiFake(),
    startGeminiFake(),
    startAnthropicFake(),
  ]);
  events.length = 0;
});

afterEach(async () => {
  await dispatcher?.stop(0);
  dispatcher = undefined;
  await Promise.all([cerebras.close(), gemini.close(), anthropic.close()]);
  t.cleanup();
});

function env() {
  return {
    CEREBRAS_API_KEY: 'csk-test-key',
    CEREBRAS_BASE_URL: cerebras.baseUrl,
    GEMINI_API_KEY: 'gem-test-key',
    GEMINI_BASE_URL: gemini.baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    ANTHROPIC_BASE_URL: anthropic.baseUrl,
  };
}

function start(overrides: Partial<DispatcherOptions> = {}): Dispatcher {
  const d = build(overrides);
  d.start();
  return d;
}

function build(overrides: Partial<DispatcherOptions> = {}): Dispatcher {
  const config = readConfig(env());
  dispatcher = testDispatcher({
    store: t.store,
    configured: new Set<Provider>(['cerebras', 'gemini', 'anthropic']),
    executors: createExecutors(config),
    concurrency: 2,
    dataDir: t.dir,
    events: {
      review: (task) => events.push({ kind: 'review', taskId: task.id, text: task.result ?? '' }),
      failed: (task, reason) => events.push({ kind: 'failed', taskId: task.id, text: reason }),
      budgetStop: (task, message) => events.push({ kind: 'budget', taskId: task.id, text: message }),
    },
    ...overrides,
  });
  return dispatcher;
}

function research(extra: Partial<Parameters<typeof t.store.tasks.create>[0]> = {}): TaskRow {
  return t.store.tasks.create({
    title: 'Compare vector databases',
    type: 'research',
    agent: 'Scout',
    ...extra,
  });
}

describe('dispatcher', () => {
  it('runs a task on the cheapest model, records usage and cost, and sends it to review', async () => {
    cerebras.script(
      textReply('Qdrant, pgvector, Weaviate.', { inputTokens: 1000, outputTokens: 500, cachedTokens: 200 }),
    );
    const task = research();
    await start().idle();
    expect(gemini.requests).toHaveLength(0);
    expect(cerebras.calls()[0]?.model).toBe('gpt-oss-120b');
    const done = t.store.tasks.get(task.id)!;
    expect(done).toMatchObject({ state: 'review', result: 'Qdrant, pgvector, Weaviate.' });
    // gpt-oss-120b: $0.35/M in (cached too), $0.75/M out → 800×0.35 + 200×0.35 + 500×0.75 micro-USD.
    expect(done.costMicros).toBe(725);
    expect(t.store.ledger.runs(task.id)).toMatchObject([
      {
        provider: 'cerebras',
        model: 'cerebras/gpt-oss-120b',
        inputTokens: 1000,
        outputTokens: 500,
        cachedTokens: 200,
        costMicros: 725,
        outcome: 'ok',
      },
    ]);
    expect(events).toEqual([{ kind: 'review', taskId: task.id, text: 'Qdrant, pgvector, Weaviate.' }]);
    expect(readFileSync(join(t.dir, 'artifacts', String(task.id), 'result-1.md'), 'utf8')).toBe(
      'Qdrant, pgvector, Weaviate.',
    );
  });

  it('moves a task to review and writes its review request in one transaction', async () => {
    cerebras.script(textReply('Qdrant, pgvector, Weaviate.'));
    const task = research();
    // The notice is written, then the process "dies" before it commits: neither may survive alone.
    const crashing = start({
      events: {
        review: (done) => {
          t.store.outbox.enqueue({
            platform: 'memory',
            chatId: 'c1',
            payload: { text: `Review #${done.id}` },
          });
          throw new Error('killed between the move and the notice');
        },
        failed: () => {},
        budgetStop: () => {},
      },
    });
    await crashing.idle();
    expect(t.store.tasks.get(task.id)?.state).toBe('in_progress');
    expect(t.store.outbox.due('memory')).toHaveLength(0);
  });

  it('climbs a rung when the answer fails the task’s check', async () => {
    cerebras.script(textReply('Sure! Here are some thoughts.'));
    gemini.script(jsonReply({ name: 'Qdrant', why: 'fast' }));
    const task = research({ check: JSON.stringify({ kind: 'json', fields: ['name'] }) });
    await start().idle();
    expect(t.store.tasks.get(task.id)?.state).toBe('review');
    expect(t.store.ledger.runs(task.id).map((r) => [r.model, r.outcome])).toEqual([
      ['cerebras/gpt-oss-120b', 'check'],
      ['gemini/gemini-2.5-pro', 'ok'],
    ]);
    // The second prompt carries the first attempt's failure as feedback.
    expect(JSON.stringify(gemini.requests[0]?.body)).toContain('was not valid JSON');
  });

  it('climbs on an empty or refusing answer', async () => {
    cerebras.script(textReply("I'm sorry, but I can't help with that."));
    gemini.script(textReply('Here is the research.'));
    const task = research();
    await start().idle();
    expect(t.store.ledger.runs(task.id).map((r) => r.outcome)).toEqual(['check', 'ok']);
  });

  it('fails over to the agent’s backup on a 500', async () => {
    cerebras.script({ kind: 'error', status: 500 });
    anthropic.script(textReply('A crisp blog post.'));
    const task = t.store.tasks.create({ title: 'Write a launch post', type: 'content', agent: 'Echo' });
    await start().idle();
    expect(t.store.tasks.get(task.id)?.state).toBe('review');
    expect(t.store.ledger.runs(task.id).map((r) => [r.model, r.outcome])).toEqual([
      ['cerebras/gpt-oss-120b', 'server'],
      ['anthropic/claude-sonnet-5-5', 'ok'],
    ]);
  });

  it('fails the task with the reason when every rung fails', async () => {
    cerebras.script({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    gemini.script({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const task = research();
    await start().idle();
    expect(t.store.tasks.get(task.id)?.state).toBe('failed');
    expect(events[0]).toMatchObject({
      kind: 'failed',
      text: expect.stringContaining('every model on the ladder failed'),
    });
  });

  it('stops before the call when the daily budget could be exceeded: the server sees nothing', async () => {
    const a = research();
    research({ title: 'second' });
    await start({ budget: { dailyUsd: 0.001, taskUsd: 1 } }).idle();
    expect(cerebras.requests).toHaveLength(0);
    expect(gemini.requests).toHaveLength(0);
    expect(t.store.tasks.get(a.id)).toMatchObject({ state: 'ready', attempts: 0 });
    expect(events.filter((e) => e.kind === 'budget')).toHaveLength(1);
    expect(t.store.tasks.countByState().ready).toBe(2);
  });

  it('fails a task whose next call could pass its own cap, before the call', async () => {
    const task = research();
    await start({ budget: { dailyUsd: 5, taskUsd: 0.001 } }).idle();
    expect(cerebras.requests).toHaveLength(0);
    expect(t.store.tasks.get(task.id)).toMatchObject({
      state: 'failed',
      note: expect.stringMatching(/^budget: /),
    });
  });

  it('claims nothing while paused and resumes on kick', async () => {
    t.store.settings.set('paused', true);
    research();
    const d = start();
    await d.idle();
    expect(cerebras.requests).toHaveLength(0);
    t.store.settings.set('paused', false);
    cerebras.script(textReply('done'));
    d.kick();
    await d.idle();
    expect(t.store.tasks.countByState().review).toBe(1);
  });

  it('runs up to N tasks at once and no more', async () => {
    cerebras.script(slow(300, textReply('a')), slow(300, textReply('b')), textReply('c'));
    for (const title of ['a', 'b', 'c']) research({ title });
    const d = start({ concurrency: 2 });
    await cerebras.waitForRequests(2);
    expect(d.running).toBe(2);
    expect(t.store.tasks.countByState().ready).toBe(1);
    await d.idle();
    expect(t.store.tasks.countByState().review).toBe(3);
  });

  it('releases running tasks at shutdown after the grace period, without counting the attempt', async () => {
    cerebras.script(slow(10_000, textReply('too late')));
    const task = research();
    const d = start();
    await cerebras.waitForRequests(1);
    await d.stop(50);
    expect(t.store.tasks.get(task.id)).toMatchObject({ state: 'ready', attempts: 0, leaseOwner: null });
    expect(t.store.ledger.runs(task.id)[0]).toMatchObject({ outcome: 'aborted', costMicros: 0 });
  });

  it('aborts a task cancelled while it runs', async () => {
    cerebras.script(slow(10_000, textReply('too late')));
    const task = research();
    const d = start();
    await cerebras.waitForRequests(1);
    t.store.tasks.move(task.id, 'failed', { reason: 'cancelled' });
    d.kick();
    await d.idle();
    expect(t.store.ledger.runs(task.id)[0]?.outcome).toBe('aborted');
    expect(t.store.tasks.get(task.id)?.state).toBe('failed');
  });

  it('recovers a task whose dispatcher was killed mid-attempt, charging the attempt once', async () => {
    cerebras.script(
      slow(30_000, textReply('never arrives')),
      textReply('the answer', { inputTokens: 1000, outputTokens: 1000 }),
    );
    const task = research();
    const child = fork(
      fileURLToPath(new URL('./helpers/dispatch-child.ts', import.meta.url)),
      [t.file, t.dir],
      {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, ...env() },
      },
    );
    await cerebras.waitForRequests(1);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(t.store.tasks.get(task.id)).toMatchObject({ state: 'in_progress', leaseOwner: 'doomed' });
    expect(t.store.ledger.runs(task.id)[0]?.outcome).toBe('running');

    // Later, a new Kev starts: the dead lease (1 s, on the real clock the child used) has expired,
    // and start-up closes the dead process's runs before the dispatcher starts (as main.ts does).
    t.clock.now = Date.now() + 5_000;
    expect(t.store.ledger.closeInterrupted()).toBe(1);
    await start().idle();
    const runs = t.store.ledger.runs(task.id);
    expect(runs.map((r) => [r.outcome, r.costMicros])).toEqual([
      ['interrupted', 0],
      ['ok', 1100],
    ]);
    expect(t.store.tasks.get(task.id)).toMatchObject({ state: 'review', attempts: 2, costMicros: 1100 });
    expect(existsSync(join(t.dir, 'artifacts', String(task.id), 'result-2.md'))).toBe(true);
  });
});

describe('dispatcher before start()', () => {
  it('claims nothing when kicked before it has started (start-up replay kicks it)', async () => {
    cerebras.script(textReply('the answer'));
    const task = research();
    const d = build();
    d.kick();
    await d.idle();
    expect(t.store.tasks.get(task.id)).toMatchObject({ state: 'ready', attempts: 0 });
    expect(cerebras.requests).toHaveLength(0);
    d.start();
    await d.idle();
    expect(t.store.tasks.get(task.id)?.state).toBe('review');
  });
});

describe('dispatcher without a provider for the task', () => {
  it('leaves tasks that no configured model can run waiting in ready', async () => {
    const task = t.store.tasks.create({ title: 'Review the contract', type: 'legal_review', agent: 'Law' });
    const d = start({ configured: new Set<Provider>(['cerebras']) });
    await d.idle();
    expect(t.store.tasks.get(task.id)).toMatchObject({ state: 'ready', attempts: 0 });
    expect(events).toEqual([]);
  });
});
