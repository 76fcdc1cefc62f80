// Build tasks' workspace records: the project, branch, worktree and CLI session of a task, and the
// merge requests that Approve leaves for the merge service (an audit row, since git cannot run
// inside the synchronous transaction that handles a message).
//
// A merge is pending while a task in review has a branch and its latest audit row is a
// "merge requested" row (review → review). The merge service ends it: review → done when merged,
// or another review → review row saying why not (a conflict), which also ends the request.

import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { type TaskRow, taskEvents, tasks } from './schema.js';

export const MERGE_REQUESTED = 'merge requested';

export type BuildPatch = Partial<Pick<TaskRow, 'project' | 'branch' | 'worktree' | 'sessionId'>>;

const latestReason = sql`(select ${taskEvents.reason} from ${taskEvents} where ${taskEvents.taskId} = ${tasks.id} order by ${taskEvents.id} desc limit 1)`;

export class BuildRecords {
  constructor(
    private readonly db: Db,
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

  /** Approve of a build task: leaves it in review with a "merge requested" row for the merge service. */
  requestMerge(id: number, actor = 'owner'): void {
    this.note(id, MERGE_REQUESTED, actor);
  }

  /** An audit row on a task in review that does not move it (a merge request or its failed outcome). */
  note(id: number, reason: string, actor: string): void {
    this.db
      .insert(taskEvents)
      .values({ taskId: id, from: 'review', to: 'review', reason, actor, at: this.clock() })
      .run();
  }

  mergePending(id: number): boolean {
    return this.pendingMerges().some((t) => t.id === id);
  }

  pendingMerges(): TaskRow[] {
    return this.db
      .select()
      .from(tasks)
      .where(
        and(eq(tasks.state, 'review'), isNotNull(tasks.branch), sql`${latestReason} = ${MERGE_REQUESTED}`),
      )
      .orderBy(tasks.id)
      .all();
  }

  /** Tasks that ended (done or failed) whose worktree is still on disk. */
  endedWithWorktree(): TaskRow[] {
    return this.db
      .select()
      .from(tasks)
      .where(and(inArray(tasks.state, ['done', 'failed']), isNotNull(tasks.worktree)))
      .orderBy(tasks.id)
      .all();
  }
}
