import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  canTransition,
  IllegalTransitionError,
  LeaseError,
  TASK_STATES,
  TaskNotFoundError,
  type TaskState,
} from '../src/db/index.js';
import { type TempStore, tempStore } from './helpers/store.js';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

const draft = { title: 'Research vector databases', type: 'research', agent: 'Scout' };

function taskIn(state: TaskState) {
  const { tasks } = t.store;
  const task = tasks.create({ ...draft, state: state === 'backlog' ? 'backlog' : 'ready' });
  if (state === 'backlog' || state === 'ready') return task;
  const claimed = tasks.claim('w1', 60_000)!;
  if (state === 'in_progress') return claimed;
  if (state === 'failed') return tasks.fail(claimed.id, 'w1', 'boom');
  const review = tasks.complete(claimed.id, 'w1', 'result');
  if (state === 'review') return review;
  return tasks.move(review.id, 'done');
}

describe('task queue state machine', () => {
  it('creates a task with an audit row', () => {
    const task = t.store.tasks.create(draft);
    expect(task.state).toBe('ready');
    expect(t.store.tasks.events(task.id)).toMatchObject([{ from: null, to: 'ready', reason: 'created' }]);
  });

  const legal: Array<[TaskState, TaskState]> = [
    ['backlog', 'ready'],
    ['backlog', 'failed'],
    ['ready', 'backlog'],
    ['ready', 'failed'],
    ['review', 'done'],
    ['review', 'ready'],
    ['review', 'failed'],
    ['failed', 'ready'],
  ];
  it.each(legal)('moves %s → %s and records the event', (from, to) => {
    const task = taskIn(from);
    const moved = t.store.tasks.move(task.id, to, { reason: 'test', actor: 'owner' });
    expect(moved.state).toBe(to);
    expect(t.store.tasks.events(task.id).at(-1)).toMatchObject({ from, to, reason: 'test', actor: 'owner' });
  });

  it('runs the leased path: claim → complete to review, claim → fail, claim → release', () => {
    const { tasks } = t.store;
    const a = tasks.create(draft);
    const claimed = tasks.claim('w1', 60_000)!;
    expect(claimed).toMatchObject({ id: a.id, state: 'in_progress', leaseOwner: 'w1', attempts: 1 });
    expect(tasks.complete(a.id, 'w1', 'the answer')).toMatchObject({
      state: 'review',
      result: 'the answer',
      leaseOwner: null,
    });

    const b = tasks.create(draft);
    tasks.claim('w1', 60_000);
    expect(tasks.fail(b.id, 'w1', 'provider down')).toMatchObject({ state: 'failed', note: 'provider down' });

    const c = tasks.create(draft);
    tasks.claim('w1', 60_000);
    expect(tasks.release(c.id, 'w1', 'shutting down')).toMatchObject({
      state: 'ready',
      attempts: 0,
      leaseOwner: null,
    });
  });

  const illegal: Array<[TaskState, TaskState]> = [
    ['backlog', 'done'],
    ['backlog', 'review'],
    ['ready', 'done'],
    ['ready', 'review'],
    ['done', 'ready'],
    ['done', 'failed'],
    ['failed', 'done'],
    ['review', 'backlog'],
  ];
  it.each(illegal)('refuses %s → %s with a typed error and changes nothing', (from, to) => {
    const task = taskIn(from);
    const before = t.store.tasks.events(task.id).length;
    expect(() => t.store.tasks.move(task.id, to)).toThrow(IllegalTransitionError);
    expect(t.store.tasks.get(task.id)?.state).toBe(from);
    expect(t.store.tasks.events(task.id)).toHaveLength(before);
  });

  it('knows every state in its transition table', () => {
    for (const from of TASK_STATES)
      for (const to of TASK_STATES) expect(typeof canTransition(from, to)).toBe('boolean');
  });

  it('throws TaskNotFoundError for a missing task', () => {
    expect(() => t.store.tasks.move(999, 'ready')).toThrow(TaskNotFoundError);
  });

  it('claims by priority, then age', () => {
    const { tasks } = t.store;
    const low = tasks.create({ ...draft, title: 'low' });
    const high = tasks.create({ ...draft, title: 'high', priority: 5 });
    expect(tasks.claim('w', 1000)?.id).toBe(high.id);
    expect(tasks.claim('w', 1000)?.id).toBe(low.id);
    expect(tasks.claim('w', 1000)).toBeUndefined();
  });

  it('lets only the lease holder complete; a stale holder is refused', () => {
    const { tasks } = t.store;
    const task = tasks.create(draft);
    tasks.claim('old', 1000);
    t.clock.advance(2000);
    tasks.recoverExpired();
    tasks.claim('new', 1000);
    expect(() => tasks.complete(task.id, 'old', 'late result')).toThrow(LeaseError);
    expect(tasks.renew(task.id, 'old', 1000)).toBe(false);
    expect(tasks.renew(task.id, 'new', 1000)).toBe(true);
    expect(tasks.complete(task.id, 'new', 'fresh').result).toBe('fresh');
  });

  it('recovers expired leases to ready, then to failed after the maximum attempts', () => {
    const { tasks } = t.store;
    const task = tasks.create({ ...draft, maxAttempts: 2 });
    tasks.claim('w1', 1000);
    t.clock.advance(500);
    expect(tasks.recoverExpired()).toHaveLength(0);
    t.clock.advance(600);
    expect(tasks.recoverExpired()[0]).toMatchObject({ state: 'ready', attempts: 1 });
    tasks.claim('w2', 1000);
    t.clock.advance(1001);
    expect(tasks.recoverExpired()[0]).toMatchObject({ state: 'failed', attempts: 2 });
    expect(tasks.events(task.id).at(-1)).toMatchObject({ to: 'failed', actor: 'recovery' });
  });

  it('cancels a running task: the holder can no longer complete it', () => {
    const { tasks } = t.store;
    const task = tasks.create(draft);
    tasks.claim('w1', 60_000);
    tasks.move(task.id, 'failed', { reason: 'cancelled' });
    expect(() => tasks.complete(task.id, 'w1', 'x')).toThrow(LeaseError);
  });

  it('never hands the same task to two connections claiming at once', async () => {
    const n = 300;
    for (let i = 0; i < n; i++) t.store.tasks.create({ ...draft, title: `task ${i}` });
    const children: ReturnType<typeof fork>[] = [];
    let ready = 0;
    const claimers = ['a', 'b', 'c'].map(
      (owner) =>
        new Promise<number[]>((resolve, reject) => {
          const child = fork(
            fileURLToPath(new URL('./helpers/claim-worker.ts', import.meta.url)),
            [t.file, owner],
            {
              execArgv: ['--import', 'tsx'],
            },
          );
          children.push(child);
          child.on('message', (message) => {
            if (message !== 'ready') return resolve(message as number[]);
            if (++ready === 3) for (const c of children) c.send('go');
          });
          child.once('error', reject);
        }),
    );
    const results = await Promise.all(claimers);
    const all = results.flat();
    expect(all).toHaveLength(n);
    expect(new Set(all).size).toBe(n);
    expect(t.store.tasks.countByState().in_progress).toBe(n);
  });
});
