// The merge service: performs the merges Approve asked for and removes the worktrees of tasks that
// ended. Approve runs inside the synchronous transaction that handles a message, where git cannot
// run, so it only moves the task review → merging; this service, woken by the changed signal and on
// a timer, merges the branch into main with a merge commit (--no-ff), then moves merging → done, or
// on a conflict aborts the merge (main untouched) and moves merging → review saying why. A merge cut
// short by a crash is done again on the next pass (the task is still merging): what the killed git
// left in the checkout (its locks, a half-made merge) is cleared first, and a branch that already
// reached main is not merged twice.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Store, TaskRow } from '../db/index.js';
import type { Logger } from '../shared/log.js';
import { SerialPass } from '../shared/serial-pass.js';

/** git (through execa) is loaded only when there is a merge or a worktree to deal with. */
const workspace = () => import('./cli/workspace.js');

export interface MergeProblem {
  branch: string;
  conflict: boolean;
  files: string[];
  message: string;
}

/** Contract: called from the service's own flow; must not throw. */
export interface MergeEvents {
  merged(task: TaskRow, merge: { branch: string; commit: string }): void;
  notMerged(task: TaskRow, problem: MergeProblem): void;
}

export interface MergeServiceOptions {
  store: Store;
  dataDir: string;
  log: Logger;
  events: MergeEvents;
  /** True while a task's attempt still runs (its worktree is in use). */
  busy?: (taskId: number) => boolean;
  pollMs?: number;
  /** When this Kev started (epoch ms, default: when the service was made): older git locks are stale. */
  startedAt?: number;
}

export class MergeService {
  private readonly passes = new SerialPass(() => this.run());
  private timer: NodeJS.Timeout | undefined;
  private readonly untidy = new Set<number>();
  /** The queue's version when the last pass began reading it. */
  private seenVersion = -1;
  /** The last pass left a worktree alone because its run was still going: worth a look at the next signal. */
  private leftBusy = false;
  /** Git locks older than this service cannot be held by a git of this process (see repo-repair.ts). */
  private readonly startedAt: number;

  constructor(private readonly options: MergeServiceOptions) {
    this.startedAt = options.startedAt ?? Date.now();
  }

  start(): void {
    // The timer also catches what no signal reports: a worktree freed when its run ended, another process.
    this.timer = setInterval(() => this.passes.kick(), this.options.pollMs ?? 5000);
    this.timer.unref();
    this.passes.kick();
  }

  /**
   * The "something changed" listener: runs a pass now, or right after the one under way, when a task
   * moved since the last pass began (merges and ended worktrees are tasks moving), or when it left a
   * worktree whose run was still going; a reply written to the outbox costs nothing here.
   */
  kick(): void {
    if (this.options.store.tasks.version === this.seenVersion && !this.leftBusy) return;
    this.passes.kick();
  }

  /** Waits until no pass is running and none is due (tests, shutdown). */
  idle(): Promise<void> {
    return this.passes.idle();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }

  private async run(): Promise<void> {
    this.seenVersion = this.options.store.tasks.version;
    this.leftBusy = false;
    for (const task of this.options.store.builds.pendingMerges())
      await this.guard(task, () => this.merge(task));
    for (const task of this.options.store.builds.endedWithWorktree())
      await this.guard(task, () => this.tidy(task));
  }

  private async guard(task: TaskRow, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.options.log.error({ err: error, taskId: task.id }, 'a merge-service step failed');
    }
  }

  private repoOf(task: TaskRow): string | undefined {
    return task.project ? join(this.options.dataDir, 'workspaces', task.project) : undefined;
  }

  private async merge(task: TaskRow): Promise<void> {
    const { branchExists, MAIN_BRANCH, mergeBranch } = await workspace();
    const { store, events } = this.options;
    const branch = task.branch ?? '';
    const repo = this.repoOf(task);
    if (!repo || !existsSync(repo) || !(await branchExists(repo, branch))) {
      return this.refuse(task, {
        branch,
        conflict: false,
        files: [],
        message: `the branch ${branch} is gone`,
      });
    }
    const result = await mergeBranch(repo, branch, `Merge ${branch}: #${task.id} ${task.title}`, {
      staleBefore: this.startedAt,
    });
    if (!result.ok) return this.refuse(task, { branch, ...result });
    if (result.repaired)
      this.options.log.warn(
        { taskId: task.id, cleared: result.repaired },
        'cleared what a git killed mid-merge left in the repo',
      );
    if (result.already)
      this.options.log.info({ taskId: task.id }, 'the branch was merged before a restart; not merged again');
    // The move to done and its notice (and a pipeline's next stage) commit together.
    const done = store.db.transaction(() => {
      const moved = store.tasks.move(task.id, 'done', {
        reason: `approved; merged ${branch} into ${MAIN_BRANCH} as ${result.commit.slice(0, 12)}`,
        actor: 'merge',
      });
      events.merged(moved, { branch, commit: result.commit });
      return moved;
    });
    await this.tidy(done);
  }

  /** The merge did not happen: main is as it was, and the task goes back to review (merging → review). */
  private refuse(task: TaskRow, problem: MergeProblem): void {
    const what = problem.conflict ? `merge conflict in ${problem.files.join(', ')}` : 'merge failed';
    this.options.store.db.transaction(() => {
      const back = this.options.store.builds.mergeRefused(
        task.id,
        `${what}: ${problem.message}`.slice(0, 500),
      );
      this.options.events.notMerged(back, problem);
    });
  }

  /** Removes the worktree of a task that ended; its branch stays (for inspection, or a retry). */
  private async tidy(task: TaskRow): Promise<void> {
    const { removeWorktree } = await workspace();
    const { store, busy } = this.options;
    if (!task.worktree || this.untidy.has(task.id)) return;
    if (busy?.(task.id)) {
      this.leftBusy = true;
      return;
    }
    const current = store.tasks.get(task.id);
    if (!current || (current.state !== 'done' && current.state !== 'failed' && current.state !== 'cancelled'))
      return;
    const repo = this.repoOf(task);
    try {
      if (repo && existsSync(repo)) await removeWorktree(repo, task.worktree);
      store.builds.set(task.id, { worktree: null });
    } catch (error) {
      this.untidy.add(task.id);
      throw error;
    }
  }
}
