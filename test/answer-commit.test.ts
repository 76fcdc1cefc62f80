// An answer's ledger charge, its move to review and its review request commit in one transaction;
// the move runs in a savepoint inside it, so a lease lost while the model answered undoes the move
// and never the charge.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../src/agents/dispatcher.js';
import type { TaskRow } from '../src/db/index.js';
import type { AttemptInput, Executor } from '../src/ports/executor.js';
import type { Provider } from '../src/router/catalogue.js';
import { testDispatcher } from './helpers/dispatcher.js';
import { type TempStore, tempStore } from './helpers/store.js';

const API: Provider[] = ['cerebras', 'gemini', 'anthropic', 'openai'];
const ANSWER = `## Findings\n\n${'A scripted answer with enough substance to pass the checks. '.repeat(8)}`;

let t: TempStore;
let dispatcher: Dispatcher | undefined;
beforeEach(() => {
  t = tempStore();
});
afterEach(async () => {
  await dispatcher?.stop(0);
  t.cleanup();
});

function run(executor: Executor, reviews: TaskRow[]) {
  dispatcher = testDispatcher({
    store: t.store,
    configured: new Set(API),
    executors: Object.fromEntries(API.map((p) => [p, executor])),
    dataDir: t.dir,
    pollMs: 3_600_000,
    clock: t.clock.read,
    events: { review: (task) => void reviews.push(task), failed: () => {}, budgetStop: () => {} },
  });
  dispatcher.start();
  return dispatcher.idle();
}

const usage = { inputTokens: 100, outputTokens: 100, cachedTokens: 0 };

describe('an answer and its charge', () => {
  it('commit together: the task in review, its cost on it, the run closed as ok', async () => {
    const task = t.store.tasks.create({
      title: 'Research vector databases',
      type: 'research',
      agent: 'Scout',
    });
    const reviews: TaskRow[] = [];
    await run({ run: async () => ({ ok: true, text: ANSWER, usage, costMicros: 700 }) }, reviews);
    expect(t.store.tasks.get(task.id)).toMatchObject({ state: 'review', costMicros: 700 });
    expect(reviews.map((r) => r.id)).toEqual([task.id]);
    expect(t.store.ledger.runs(task.id).map((r) => [r.outcome, r.costMicros])).toEqual([['ok', 700]]);
  });

  it('a lease lost while the model answered keeps the charge and sends no review', async () => {
    const task = t.store.tasks.create({
      title: 'Research vector databases',
      type: 'research',
      agent: 'Scout',
    });
    const reviews: TaskRow[] = [];
    const cancelling: Executor = {
      async run(input: AttemptInput) {
        // The owner cancels while the call is out; the answer still comes back, and was paid for.
        t.store.tasks.move(input.task.id, 'cancelled', { reason: 'cancelled by the owner' });
        return { ok: true, text: ANSWER, usage, costMicros: 700 };
      },
    };
    await run(cancelling, reviews);
    expect(t.store.tasks.get(task.id)?.state).toBe('cancelled');
    expect(reviews).toEqual([]);
    expect(t.store.ledger.runs(task.id).map((r) => [r.outcome, r.costMicros])).toEqual([['ok', 700]]);
  });
});
