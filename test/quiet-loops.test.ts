// Loops that have nothing to do do no work: a reply written to the outbox raises the "something
// changed" signal, and the dispatcher and the merge service, wired to it as main.ts wires them,
// must not query the queue for it. Counted in calls, not time.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MergeService } from '../src/agents/merge-service.js';
import { Delivery } from '../src/kev/delivery.js';
import { Kev } from '../src/kev/kev.js';
import type { Executor } from '../src/ports/executor.js';
import type { Provider } from '../src/router/catalogue.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { Changed } from '../src/shared/changed.js';
import { silentLogger } from '../src/shared/log.js';
import { testDispatcher } from './helpers/dispatcher.js';
import { MemoryTransport, ScriptedParser } from './helpers/kev.js';
import { type TempStore, tempStore } from './helpers/store.js';

const API: Provider[] = ['cerebras', 'gemini', 'anthropic', 'openai'];

/** An executor that answers at once (the loops, not the model, are under test). */
const answering: Executor = {
  async run() {
    const text = `## Findings\n\n${'A scripted answer with enough substance to pass the checks. '.repeat(8)}`;
    return { ok: true, text, usage: { inputTokens: 10, outputTokens: 10, cachedTokens: 0 }, costMicros: 1 };
  },
};

let t: TempStore;
let parts: ReturnType<typeof wire>;

beforeEach(() => {
  t = tempStore();
  parts = wire();
});

afterEach(async () => {
  await parts.dispatcher.stop(0);
  await parts.merges.stop();
  await parts.delivery.stop();
  t.cleanup();
});

/** Kev, delivery, the dispatcher and the merge service on one signal, as in main.ts. */
function wire() {
  const { store } = t;
  const transport = new MemoryTransport();
  const changed = new Changed();
  const delivery = new Delivery({ store, transports: [transport], log: silentLogger });
  const kev = new Kev({
    store,
    policy: DEFAULT_POLICY,
    parser: new ScriptedParser((text) => ({ kind: 'chat', question: text })),
    draft: (text) => ({ title: text, body: text, type: 'research', agent: 'Scout' }),
    owners: { memory: new Set(['owner']) },
    configured: new Set(API),
    timezone: 'UTC',
    budget: { dailyUsd: 5, taskUsd: 1 },
    maxMessageBytes: 1_000_000,
    log: silentLogger,
    clock: t.clock.read,
    changed,
  });
  const dispatcher = testDispatcher({
    store,
    configured: new Set(API),
    executors: Object.fromEntries(API.map((p) => [p, answering])),
    concurrency: 2,
    dataDir: t.dir,
    pollMs: 3_600_000,
    clock: t.clock.read,
  });
  const merges = new MergeService({
    store,
    dataDir: t.dir,
    log: silentLogger,
    pollMs: 3_600_000,
    events: { merged: () => {}, notMerged: () => {} },
  });
  for (const loop of [delivery, dispatcher, merges]) changed.on(() => loop.kick());
  // What each loop asks the queue: counted by wrapping the store's own methods.
  const calls = { claim: 0, recover: 0, merges: 0 };
  const count = <T extends object, K extends keyof T>(target: T, key: K, counter: keyof typeof calls) => {
    const original = (target[key] as (...args: unknown[]) => unknown).bind(target);
    target[key] = ((...args: unknown[]) => {
      calls[counter] += 1;
      return original(...args);
    }) as T[K];
  };
  count(store.tasks, 'claim', 'claim');
  count(store.tasks, 'recoverExpired', 'recover');
  count(store.builds, 'pendingMerges', 'merges');
  count(store.builds, 'endedWithWorktree', 'merges');
  let n = 0;
  const say = async (text: string) => {
    await kev.handle({
      platform: 'memory',
      chatId: 'c1',
      userId: 'owner',
      chatType: 'private',
      kind: 'text',
      text,
      messageId: `m${++n}`,
    });
    await delivery.drain();
    await dispatcher.idle();
    await merges.idle();
  };
  const reset = () => {
    calls.claim = calls.recover = calls.merges = 0;
  };
  return { kev, changed, delivery, dispatcher, merges, transport, calls, say, reset };
}

async function started() {
  parts.dispatcher.start();
  parts.merges.start();
  await parts.dispatcher.idle();
  await parts.merges.idle();
  parts.reset();
}

describe('loops with nothing to do', () => {
  it('an outbox-only change runs neither the claim query nor the merge queries', async () => {
    await started();
    for (const text of ['/status', '/help', '/queue', '/status']) await parts.say(text);
    expect(parts.transport.sent).toHaveLength(4);
    expect(parts.calls).toEqual({ claim: 0, recover: 0, merges: 0 });
  });

  it('a task made ready wakes the dispatcher at once, without its timer', async () => {
    await started();
    const task = t.store.tasks.create({
      title: 'Research vector databases',
      type: 'research',
      agent: 'Scout',
    });
    parts.changed.emit();
    await parts.dispatcher.idle();
    expect(parts.calls.claim).toBeGreaterThan(0);
    expect(t.store.tasks.get(task.id)?.state).toBe('review');
  });

  it('/resume wakes a paused dispatcher, though no task moved', async () => {
    await started();
    await parts.say('/pause');
    t.store.tasks.create({ title: 'Research vector databases', type: 'research', agent: 'Scout' });
    parts.changed.emit();
    await parts.dispatcher.idle();
    expect(t.store.tasks.countByState().ready).toBe(1);
    await parts.say('/resume');
    expect(t.store.tasks.countByState().review).toBe(1);
  });

  it("once a task's moves have been seen, replies cost nothing again", async () => {
    await started();
    t.store.tasks.create({ title: 'Research vector databases', type: 'research', agent: 'Scout' });
    parts.changed.emit();
    await parts.dispatcher.idle();
    parts.changed.emit(); // the review notice's signal, in main.ts
    await parts.merges.idle();
    parts.reset();
    // The task's own moves are behind us: replies after it cost nothing again.
    for (const text of ['/status', '/help']) await parts.say(text);
    expect(parts.calls).toEqual({ claim: 0, recover: 0, merges: 0 });
  });
});
