// Build tasks' workspace records: the project, branch, worktree and CLI session of a task, and the
// merges that Approve asks for. Git cannot run inside the synchronous transaction that handles a
// message, so Approve moves the task review → merging; the merge service ends it: merging → done
// when merged, or merging → review saying why not (a conflict, a missing branch).

import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock, TaskQueue } from './queue.js';
import { type TaskRow, tasks } from './schema.js';

export const MERGE_REQUESTED = 'merge requested';

export type BuildPatch = Partial<Pick<TaskRow, 'project' | 'branch' | 'worktree' | 'sessionId'>>;

export class BuildRecords {
  constructor(
    private readonly db: Db,
    private readonly queue: TaskQueue,
    private readonly clock: Clock = Date.now,
  ) {}

  /** Records where a task's work lives; not a state change, so no audit row. */
  set(id: number, patch: BuildPatch): void {
    this.db
      .update(tasks)
      .set({ ...patch, updatedAt: this.clock() })
      .where(eq(tasks.id, id))
      .run();
  }

  /** Approve of a build task: review → merging, for the merge service. */
  requestMerge(id: number, actor = 'owner'): TaskRow {
    return this.queue.move(id, 'merging', { reason: MERGE_REQUESTED, actor });
  }

  /** The merge did not happen: merging → review, saying why. */
  mergeRefused(id: number, reason: string): TaskRow {
    return this.queue.move(id, 'review', { reason, actor: 'merge' });
  }

  mergePending(id: number): boolean {
    return this.queue.get(id)?.state === 'merging';
  }

  pendingMerges(): TaskRow[] {
    return this.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.state, 'merging'), isNotNull(tasks.branch)))
      .orderBy(tasks.id)
      .all();
  }

  /** Tasks that ended (done or failed) whose worktree is still on disk. */
  endedWithWorktree(): TaskRow[] {
    return this.db
      .select()
      .from(tasks)
      .where(and(inArray(tasks.state, ['done', 'failed', 'cancelled']), isNotNull(tasks.worktree)))
      .orderBy(tasks.id)
      .all();
  }
}
