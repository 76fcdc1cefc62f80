// Cancelled is its own outcome: /cancel moves a task to cancelled (not failed), and /queue, /status,
// /brief and /cost report it apart from failures. Old cancels (stored as failed) are migrated.

import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/db/index.js';
import { type KevHarness, kevHarness } from './helpers/kev.js';

let h: KevHarness;
afterEach(() => h?.cleanup());

describe('cancelled tasks', () => {
  it('are reported as cancelled, never as failed', async () => {
    h = kevHarness();
    await h.say('/task research vector databases');
    await h.say('/task research note apps');
    // #1 cost something before it was cancelled; #2 really failed.
    const run = h.store.ledger.start({
      taskId: 1,
      attempt: 1,
      agent: 'Scout',
      provider: 'cerebras',
      model: 'm',
    });
    h.store.ledger.finish(run.id, {
      outcome: 'ok',
      inputTokens: 1,
      outputTokens: 1,
      cachedTokens: 0,
      costMicros: 120_000,
    });
    expect((await h.say('/cancel 1'))[0]?.text).toMatch(/Cancelled #1/);
    h.store.tasks.claim('w', 60_000);
    h.store.tasks.fail(2, 'w', 'every model on the ladder failed');

    expect(h.store.tasks.get(1)?.state).toBe('cancelled');
    const [failed] = await h.say('/queue failed');
    expect(failed?.text).toContain('#2');
    expect(failed?.text).not.toContain('#1');
    const [cancelled] = await h.say('/queue cancelled');
    expect(cancelled?.text).toContain('#1 research · Scout · cancelled');
    const [status] = await h.say('/status');
    expect(status?.text).toMatch(/1 failed · 1 cancelled/);
    const [brief] = await h.say('/brief');
    expect(brief?.text).toMatch(/Failed \(1\)\n• #2 research note apps/);
    expect(brief?.text).toMatch(/Cancelled \(1\)\n• #1 Scout — research vector databases/);
    const [cost] = await h.say('/cost');
    expect(cost?.text).toContain('Of it on cancelled tasks: $0.12 (1 run)');
    expect((await h.say('/retry 1'))[0]?.text).toMatch(/Queued #1 again/);
  });

  it('migrates tasks cancelled before the state existed', () => {
    h = kevHarness();
    const task = h.store.tasks.create({ title: 'old', type: 'research', agent: 'Scout' });
    h.store.close();
    const raw = new Database(h.file);
    raw
      .prepare("UPDATE tasks SET state = 'failed', note = 'cancelled by the owner' WHERE id = ?")
      .run(task.id);
    // Forget the newest migration, as a database from before it would.
    raw
      .prepare(
        'DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)',
      )
      .run();
    raw.close();
    const store = openStore(h.file);
    expect(store.tasks.get(task.id)?.state).toBe('cancelled');
    h.store = store;
  });
});
