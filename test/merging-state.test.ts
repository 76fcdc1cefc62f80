// A pending merge is the explicit `merging` state in the queue's transition table (not an audit
// reason), and databases written before it are migrated.

import { afterEach, describe, expect, it } from 'vitest';
import { canTransition, IllegalTransitionError, openStore } from '../src/db/index.js';
import { kevHarness } from './helpers/kev.js';
import { databaseBefore } from './helpers/migrate-before.js';
import { type TempStore, tempStore } from './helpers/store.js';

let t: TempStore | undefined;
afterEach(() => t?.cleanup());

function buildTaskInReview(store: TempStore['store']) {
  const task = store.tasks.create({
    title: 'Build a pricing page',
    type: 'code',
    agent: 'Rex',
    state: 'ready',
  });
  store.builds.set(task.id, { project: 'site', branch: `kev/${task.id}-pricing` });
  const claimed = store.tasks.claim('w1', 60_000)!;
  return store.tasks.complete(claimed.id, 'w1', 'done');
}

describe('the merging state', () => {
  it('is a move in the transition table: review → merging → done | review', () => {
    expect(canTransition('review', 'merging')).toBe(true);
    expect(canTransition('merging', 'done')).toBe(true);
    expect(canTransition('merging', 'review')).toBe(true);
    expect(canTransition('merging', 'ready')).toBe(false);
    expect(canTransition('ready', 'merging')).toBe(false);
  });

  it('Approve moves a build task to merging; the refused merge moves it back to review with why', () => {
    t = tempStore();
    const task = buildTaskInReview(t.store);
    expect(t.store.builds.requestMerge(task.id).state).toBe('merging');
    expect(t.store.builds.pendingMerges().map((p) => p.id)).toEqual([task.id]);
    expect(t.store.builds.mergePending(task.id)).toBe(true);
    expect(() => t!.store.builds.requestMerge(task.id)).toThrow(IllegalTransitionError);
    const back = t.store.builds.mergeRefused(task.id, 'merge conflict in a.ts: CONFLICT');
    expect(back.state).toBe('review');
    expect(t.store.builds.pendingMerges()).toEqual([]);
    expect(
      t.store.tasks
        .events(task.id)
        .map((e) => `${e.from}→${e.to} ${e.reason}`)
        .slice(-2),
    ).toEqual(['review→merging merge requested', 'merging→review merge conflict in a.ts: CONFLICT']);
  });

  it('a merging task cannot be rejected or revised while git runs; /status counts it', async () => {
    const h = kevHarness();
    try {
      const task = buildTaskInReview(h.store);
      h.store.builds.requestMerge(task.id);
      for (const text of [`/reject ${task.id}`, `/revise ${task.id} smaller`]) {
        const [reply] = await h.say(text);
        expect(reply?.text).toMatch(new RegExp(`#${task.id} is being merged into main right now`));
      }
      expect(h.store.tasks.get(task.id)?.state).toBe('merging');
      const [status] = await h.say('/status');
      expect(status?.text).toMatch(/0 in review · 1 merging · 0 done/);
    } finally {
      h.cleanup();
    }
  });

  it('migrates a database whose pending merge was a "merge requested" audit row', () => {
    const { file, client } = databaseBefore('_merging_state');
    const insertTask = client.prepare(
      "insert into tasks (title, body, type, agent, state, branch, created_at, updated_at) values (?, '', 'code', 'Rex', 'review', ?, 0, 0)",
    );
    const pending = Number(insertTask.run('pending merge', 'kev/1-a').lastInsertRowid);
    const plain = Number(insertTask.run('plain review', 'kev/2-b').lastInsertRowid);
    const note = client.prepare(
      "insert into task_events (task_id, from_state, to_state, reason, actor, at) values (?, 'review', 'review', ?, 'owner', 1)",
    );
    note.run(pending, 'merge requested');
    note.run(plain, 'merge requested');
    note.run(plain, 'merge conflict in a.ts: CONFLICT');
    client.close();

    const store = openStore(file);
    try {
      expect(store.tasks.get(pending)?.state).toBe('merging');
      expect(store.tasks.get(plain)?.state).toBe('review');
      expect(store.builds.pendingMerges().map((p) => p.id)).toEqual([pending]);
    } finally {
      store.close();
    }
  });
});
