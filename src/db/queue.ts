// The task queue state machine. Every transition is one synchronous SQLite transaction that
// checks the current state, writes the task and writes its audit row; an illegal move throws.
//
//   backlog → ready → in_progress → review → done
//                         │            │ │ └──→ ready (revise)
//                         │            │ └──→ merging → done (merged) | review (not merged)
//                         └──→ failed ←┘ (reject)        failed → ready (retry)
//   any live state ──→ cancelled (the owner's cancel)    cancelled → ready (retry)

import type { RunResult } from 'better-sqlite3';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { SQLitePreparedQuery } from 'drizzle-orm/sqlite-core';
import type { Clock } from '../ports/clock.js';
import type { Db } from './connection.js';
import { type TaskRow, type TaskState, taskEvents, tasks } from './schema.js';
import { noRow } from './store-errors.js';

export type { Clock };

/** Legal moves: from → allowed targets. Cancel is a move to cancelled from any live state. */
const TRANSITIONS: Record<TaskState, readonly TaskState[]> = {
  backlog: ['ready', 'failed', 'cancelled'],
  ready: ['in_progress', 'backlog', 'failed', 'cancelled'],
  in_progress: ['review', 'failed', 'ready', 'cancelled'],
  // Approve of a build task: the merge service runs git outside the transaction, then ends it.
  review: ['done', 'ready', 'failed', 'merging', 'cancelled'],
  merging: ['done', 'review', 'failed'],
  done: [],
  failed: ['ready'],
  cancelled: ['ready'],
};

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly taskId: number,
    readonly from: TaskState,
    readonly to: TaskState,
  ) {
    super(`Task #${taskId} cannot move from ${from} to ${to}.`);
  }
}

export class TaskNotFoundError extends Error {
  override readonly name = 'TaskNotFoundError';
  constructor(readonly taskId: number) {
    super(`There is no task #${taskId}.`);
  }
}

export class LeaseError extends Error {
  override readonly name = 'LeaseError';
  constructor(
    readonly taskId: number,
    readonly owner: string,
  ) {
    super(`Task #${taskId} is not leased to ${owner}.`);
  }
}

export function canTransition(from: TaskState, to: TaskState): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface NewTask {
  title: string;
  body?: string;
  type: string;
  agent: string;
  state?: 'backlog' | 'ready';
  priority?: number;
  maxAttempts?: number;
  /** JSON of the quality check the result must pass. */
  check?: string;
  platform?: string;
  chatId?: string;
}

export interface MoveOptions {
  reason?: string;
  actor?: string;
  /** Extra columns written in the same transaction (result, note, cost…). */
  patch?: Partial<Pick<TaskRow, 'result' | 'note' | 'costMicros' | 'title' | 'body' | 'attempts'>>;
}

/** A prepared `select * from tasks … limit ?` (the list cache's entries). */
type ListStatement = SQLitePreparedQuery<{
  type: 'sync';
  run: RunResult;
  all: TaskRow[];
  get: TaskRow | undefined;
  values: unknown[][];
  execute: TaskRow[];
}>;

/** Read on every /status: built and prepared once. */
function countByStateStatement(db: Db) {
  return db
    .select({ state: tasks.state, n: sql<number>`count(*)` })
    .from(tasks)
    .groupBy(tasks.state)
    .prepare();
}

export class TaskQueue {
  private readonly lists = new Map<string, ListStatement>();
  private byState: ReturnType<typeof countByStateStatement> | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {}

  create(input: NewTask, actor = 'owner'): TaskRow {
    return this.db.transaction((tx) => {
      const at = this.clock();
      const row =
        tx
          .insert(tasks)
          .values({
            title: input.title,
            body: input.body ?? '',
            type: input.type,
            agent: input.agent,
            state: input.state ?? 'ready',
            priority: input.priority ?? 0,
            maxAttempts: input.maxAttempts ?? 3,
            check: input.check ?? null,
            platform: input.platform ?? null,
            chatId: input.chatId ?? null,
            createdAt: at,
            updatedAt: at,
          })
          .returning()
          .all()
          .at(0) ?? noRow();
      tx.insert(taskEvents)
        .values({ taskId: row.id, from: null, to: row.state, reason: 'created', actor, at })
        .run();
      return row;
    });
  }

  get(id: number): TaskRow | undefined {
    return this.db.select().from(tasks).where(eq(tasks.id, id)).get();
  }

  require(id: number): TaskRow {
    const row = this.get(id);
    if (!row) throw new TaskNotFoundError(id);
    return row;
  }

  list(filter: { states?: TaskState[]; limit?: number } = {}): TaskRow[] {
    const states = filter.states?.length ? [...new Set(filter.states)].sort() : [];
    const key = states.join(',');
    // /status and /queue list on every call: one statement per set of states, built once.
    let statement: ListStatement | undefined = this.lists.get(key);
    if (!statement) {
      statement = this.db
        .select()
        .from(tasks)
        .where(states.length ? inArray(tasks.state, states) : undefined)
        .orderBy(desc(tasks.priority), asc(tasks.id))
        .limit(sql.placeholder('limit'))
        .prepare();
      this.lists.set(key, statement);
    }
    return statement.all({ limit: filter.limit ?? 1000 });
  }

  countByState(): Record<TaskState, number> {
    const counts: Record<TaskState, number> = {
      backlog: 0,
      ready: 0,
      in_progress: 0,
      review: 0,
      merging: 0,
      done: 0,
      failed: 0,
      cancelled: 0,
    };
    this.byState ??= countByStateStatement(this.db);
    for (const row of this.byState.all()) counts[row.state] = row.n;
    return counts;
  }

  events(id: number) {
    return this.db
      .select()
      .from(taskEvents)
      .where(eq(taskEvents.taskId, id))
      .orderBy(asc(taskEvents.id))
      .all();
  }

  /** Moves a task that is not leased (owner decisions: approve, reject, revise, cancel, retry). */
  move(id: number, to: TaskState, options: MoveOptions = {}): TaskRow {
    return this.db.transaction((tx) => {
      const task = tx.select().from(tasks).where(eq(tasks.id, id)).get();
      if (!task) throw new TaskNotFoundError(id);
      if (!canTransition(task.state, to)) throw new IllegalTransitionError(id, task.state, to);
      return this.write(tx, task, to, options, {});
    });
  }

  /** Claims the most urgent ready task with a lease (BEGIN IMMEDIATE, so two claimers never collide). */
  claim(owner: string, leaseMs: number, filter: { types?: string[] } = {}): TaskRow | undefined {
    return this.db.transaction(
      (tx) => {
        const where = filter.types?.length
          ? and(eq(tasks.state, 'ready'), inArray(tasks.type, filter.types))
          : eq(tasks.state, 'ready');
        const task = tx
          .select()
          .from(tasks)
          .where(where)
          .orderBy(desc(tasks.priority), asc(tasks.id))
          .limit(1)
          .get();
        if (!task) return undefined;
        const at = this.clock();
        return this.write(
          tx,
          task,
          'in_progress',
          { reason: `claimed by ${owner}`, actor: owner },
          { leaseOwner: owner, leaseExpiresAt: at + leaseMs, attempts: task.attempts + 1 },
        );
      },
      { behavior: 'immediate' },
    );
  }

  /** Extends the lease; false when the holder lost it (expired and reclaimed, or cancelled). */
  renew(id: number, owner: string, leaseMs: number): boolean {
    const result = this.db
      .update(tasks)
      .set({ leaseExpiresAt: this.clock() + leaseMs })
      .where(and(eq(tasks.id, id), eq(tasks.state, 'in_progress'), eq(tasks.leaseOwner, owner)))
      .run();
    return result.changes === 1;
  }

  /** The lease holder hands in its result: in_progress → review. */
  complete(id: number, owner: string, result: string, options: MoveOptions = {}): TaskRow {
    return this.leased(id, owner, 'review', {
      reason: 'completed',
      ...options,
      patch: { result, ...options.patch },
    });
  }

  /** The lease holder gives up: in_progress → failed. */
  fail(id: number, owner: string, reason: string, options: MoveOptions = {}): TaskRow {
    return this.leased(id, owner, 'failed', {
      ...options,
      reason,
      patch: { note: reason, ...options.patch },
    });
  }

  /** The lease holder puts the task back (shutdown, waiting for budget): in_progress → ready. */
  release(id: number, owner: string, reason: string): TaskRow {
    return this.db.transaction((tx) => {
      const task = this.requireLease(tx, id, owner);
      // A release is not a failed attempt: give the attempt back.
      return this.write(
        tx,
        task,
        'ready',
        { reason, actor: owner },
        { attempts: Math.max(0, task.attempts - 1) },
      );
    });
  }

  /**
   * Expired leases (their holder died): back to ready, or failed once attempts are used up.
   * `holderDead` also frees leases whose holder is known to be gone (a killed process), before expiry.
   */
  recoverExpired(holderDead?: (owner: string) => boolean): TaskRow[] {
    return this.db.transaction(
      (tx) => {
        const at = this.clock();
        const expired = tx
          .select()
          .from(tasks)
          .where(eq(tasks.state, 'in_progress'))
          .all()
          .filter(
            (task) =>
              (task.leaseExpiresAt ?? 0) < at ||
              (task.leaseOwner !== null && holderDead?.(task.leaseOwner) === true),
          );
        return expired.map((task) => {
          const exhausted = task.attempts >= task.maxAttempts;
          const reason = exhausted
            ? `lease expired; ${task.attempts} of ${task.maxAttempts} attempts used`
            : `lease of ${task.leaseOwner} expired`;
          return this.write(
            tx,
            task,
            exhausted ? 'failed' : 'ready',
            { reason, actor: 'recovery' },
            exhausted ? { note: reason } : {},
          );
        });
      },
      { behavior: 'immediate' },
    );
  }

  private leased(id: number, owner: string, to: TaskState, options: MoveOptions): TaskRow {
    return this.db.transaction((tx) => {
      const task = this.requireLease(tx, id, owner);
      return this.write(tx, task, to, { actor: owner, ...options }, {});
    });
  }

  private requireLease(tx: Tx, id: number, owner: string): TaskRow {
    const task = tx.select().from(tasks).where(eq(tasks.id, id)).get();
    if (!task) throw new TaskNotFoundError(id);
    if (task.state !== 'in_progress' || task.leaseOwner !== owner) throw new LeaseError(id, owner);
    return task;
  }

  private write(
    tx: Tx,
    task: TaskRow,
    to: TaskState,
    options: MoveOptions,
    columns: Partial<TaskRow>,
  ): TaskRow {
    const at = this.clock();
    const leaving = to !== 'in_progress';
    const row =
      tx
        .update(tasks)
        .set({
          ...options.patch,
          ...columns,
          state: to,
          updatedAt: at,
          ...(leaving ? { leaseOwner: null, leaseExpiresAt: null } : {}),
        })
        .where(eq(tasks.id, task.id))
        .returning()
        .all()
        .at(0) ?? noRow();
    tx.insert(taskEvents)
      .values({
        taskId: task.id,
        from: task.state,
        to,
        reason: options.reason ?? null,
        actor: options.actor ?? 'owner',
        at,
      })
      .run();
    return row;
  }
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
