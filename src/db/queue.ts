// The task queue state machine. Every transition is one synchronous SQLite transaction that
// checks the current state, writes the task and writes its audit row; an illegal move throws.
//
//   backlog → ready → in_progress → review → done
//                         │            │ │ └──→ ready (revise)
//                         │            │ └──→ merging → done (merged) | review (not merged)
//                         └──→ failed ←┘ (reject)        failed → ready (retry)
//   any live state ──→ cancelled (the owner's cancel)    cancelled → ready (retry)

import type Database from 'better-sqlite3';
import type { RunResult } from 'better-sqlite3';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { SQLitePreparedQuery } from 'drizzle-orm/sqlite-core';
import type { Clock } from '../ports/clock.js';
import type { Db } from './connection.js';
import { type TaskRow, type TaskState, taskEvents, tasks } from './schema.js';

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

/** The columns a transition may write; every one is written from the row read in the same transaction. */
const MUTABLE = [
  'title',
  'body',
  'state',
  'attempts',
  'leaseOwner',
  'leaseExpiresAt',
  'result',
  'note',
  'costMicros',
  'updatedAt',
] as const;

const P = sql.placeholder;

/**
 * Every statement of a transition, built and prepared once: building and re-preparing them on each
 * call cost about three quarters of a transition's CPU (a profile of create → claim → complete).
 */
function prepareStatements(db: Db) {
  const readyFirst = [desc(tasks.priority), asc(tasks.id)] as const;
  return {
    insertTask: db
      .insert(tasks)
      .values({
        title: P('title'),
        body: P('body'),
        type: P('type'),
        agent: P('agent'),
        state: P('state'),
        priority: P('priority'),
        maxAttempts: P('maxAttempts'),
        check: P('check'),
        platform: P('platform'),
        chatId: P('chatId'),
        createdAt: P('at'),
        updatedAt: P('at'),
      })
      .returning()
      .prepare(),
    insertEvent: db
      .insert(taskEvents)
      .values({
        taskId: P('taskId'),
        from: P('from'),
        to: P('to'),
        reason: P('reason'),
        actor: P('actor'),
        at: P('at'),
      })
      .prepare(),
    byId: db
      .select()
      .from(tasks)
      .where(eq(tasks.id, P('id')))
      .prepare(),
    update: db
      .update(tasks)
      .set(Object.fromEntries(MUTABLE.map((column) => [column, sql`${P(column)}`])))
      .where(eq(tasks.id, P('id')))
      .prepare(),
    nextReady: db
      .select()
      .from(tasks)
      .where(eq(tasks.state, 'ready'))
      .orderBy(...readyFirst)
      .limit(1)
      .prepare(),
    // The claimable types vary with the free slots: one statement takes them as a JSON array.
    nextReadyOf: db
      .select()
      .from(tasks)
      .where(
        and(eq(tasks.state, 'ready'), sql`${tasks.type} in (select value from json_each(${P('types')}))`),
      )
      .orderBy(...readyFirst)
      .limit(1)
      .prepare(),
    renew: db
      .update(tasks)
      .set({ leaseExpiresAt: sql`${P('until')}` })
      .where(and(eq(tasks.id, P('id')), eq(tasks.state, 'in_progress'), eq(tasks.leaseOwner, P('owner'))))
      .prepare(),
    inProgress: db.select().from(tasks).where(eq(tasks.state, 'in_progress')).prepare(),
    // Read on every /status.
    countByState: db
      .select({ state: tasks.state, n: sql<number>`count(*)` })
      .from(tasks)
      .groupBy(tasks.state)
      .prepare(),
    events: db
      .select()
      .from(taskEvents)
      .where(eq(taskEvents.taskId, P('id')))
      .orderBy(asc(taskEvents.id))
      .prepare(),
  };
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

export class TaskQueue {
  private readonly q: ReturnType<typeof prepareStatements>;
  private readonly lists = new Map<string, ListStatement>();
  private readonly tx: Database.Database['transaction'];
  private changes = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {
    this.q = prepareStatements(db);
    // better-sqlite3's own transactions (savepoints when nested in a caller's transaction).
    this.tx = db.$client.transaction.bind(db.$client);
    this.createTx = this.tx((input: NewTask, actor: string) => this.insert(input, actor));
    this.claimTx = this.tx((owner: string, leaseMs: number, types: string[] | undefined) =>
      this.claimNext(owner, leaseMs, types),
    );
    this.moveTx = this.tx((id: number, to: TaskState, options: MoveOptions) => {
      const task = this.q.byId.get({ id });
      if (!task) throw new TaskNotFoundError(id);
      if (!canTransition(task.state, to)) throw new IllegalTransitionError(id, task.state, to);
      return this.write(task, to, options, {});
    });
    this.leasedTx = this.tx(
      (
        id: number,
        owner: string,
        to: TaskState,
        options: MoveOptions,
        columns: (task: TaskRow) => Partial<TaskRow>,
      ) => {
        const task = this.requireLease(id, owner);
        return this.write(task, to, options, columns(task));
      },
    );
    this.recoverTx = this.tx((holderDead?: (owner: string) => boolean) =>
      this.expired(holderDead).map((task) => this.recover(task)),
    );
  }

  private readonly createTx;
  private readonly claimTx;
  private readonly moveTx;
  private readonly leasedTx;
  private readonly recoverTx;

  /**
   * Counts the writes this queue made (in this process): a loop woken by "something changed" compares
   * it with what it saw last and skips its pass when no task moved (another process's writes are
   * caught by the loop's poll timer).
   */
  get version(): number {
    return this.changes;
  }

  create(input: NewTask, actor = 'owner'): TaskRow {
    return this.createTx(input, actor);
  }

  get(id: number): TaskRow | undefined {
    return this.q.byId.get({ id });
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
    let statement = this.lists.get(key);
    if (!statement) {
      statement = this.db
        .select()
        .from(tasks)
        .where(states.length ? inArray(tasks.state, states) : undefined)
        .orderBy(desc(tasks.priority), asc(tasks.id))
        .limit(P('limit'))
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
    for (const row of this.q.countByState.all()) counts[row.state] = row.n;
    return counts;
  }

  events(id: number) {
    return this.q.events.all({ id });
  }

  /** Moves a task that is not leased (owner decisions: approve, reject, revise, cancel, retry). */
  move(id: number, to: TaskState, options: MoveOptions = {}): TaskRow {
    return this.moveTx(id, to, options);
  }

  /** Claims the most urgent ready task with a lease (BEGIN IMMEDIATE, so two claimers never collide). */
  claim(owner: string, leaseMs: number, filter: { types?: string[] } = {}): TaskRow | undefined {
    return this.claimTx.immediate(owner, leaseMs, filter.types);
  }

  /** Extends the lease; false when the holder lost it (expired and reclaimed, or cancelled). */
  renew(id: number, owner: string, leaseMs: number): boolean {
    return this.q.renew.run({ id, owner, until: this.clock() + leaseMs }).changes === 1;
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
    // A release is not a failed attempt: give the attempt back.
    return this.leasedTx(id, owner, 'ready', { reason, actor: owner }, (task: TaskRow) => ({
      attempts: Math.max(0, task.attempts - 1),
    }));
  }

  /**
   * Expired leases (their holder died): back to ready, or failed once attempts are used up.
   * `holderDead` also frees leases whose holder is known to be gone (a killed process), before expiry.
   * Runs on every dispatcher pass: the write lock is only taken when a lease has expired.
   */
  recoverExpired(holderDead?: (owner: string) => boolean): TaskRow[] {
    if (this.expired(holderDead).length === 0) return [];
    return this.recoverTx.immediate(holderDead);
  }

  private insert(input: NewTask, actor: string): TaskRow {
    const at = this.clock();
    const row = this.q.insertTask.get({
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
      at,
    }) as TaskRow;
    this.q.insertEvent.run({ taskId: row.id, from: null, to: row.state, reason: 'created', actor, at });
    this.changes += 1;
    return row;
  }

  private claimNext(owner: string, leaseMs: number, types: string[] | undefined): TaskRow | undefined {
    const task = types?.length
      ? this.q.nextReadyOf.get({ types: JSON.stringify(types) })
      : this.q.nextReady.get();
    if (!task) return undefined;
    return this.write(
      task,
      'in_progress',
      { reason: `claimed by ${owner}`, actor: owner },
      { leaseOwner: owner, leaseExpiresAt: this.clock() + leaseMs, attempts: task.attempts + 1 },
    );
  }

  private expired(holderDead?: (owner: string) => boolean): TaskRow[] {
    const at = this.clock();
    return this.q.inProgress
      .all()
      .filter(
        (task) =>
          (task.leaseExpiresAt ?? 0) < at ||
          (task.leaseOwner !== null && holderDead?.(task.leaseOwner) === true),
      );
  }

  private recover(task: TaskRow): TaskRow {
    const exhausted = task.attempts >= task.maxAttempts;
    const reason = exhausted
      ? `lease expired; ${task.attempts} of ${task.maxAttempts} attempts used`
      : `lease of ${task.leaseOwner} expired`;
    return this.write(
      task,
      exhausted ? 'failed' : 'ready',
      { reason, actor: 'recovery' },
      exhausted ? { note: reason } : {},
    );
  }

  private leased(id: number, owner: string, to: TaskState, options: MoveOptions): TaskRow {
    return this.leasedTx(id, owner, to, { actor: owner, ...options }, () => ({}));
  }

  private requireLease(id: number, owner: string): TaskRow {
    const task = this.q.byId.get({ id });
    if (!task) throw new TaskNotFoundError(id);
    if (task.state !== 'in_progress' || task.leaseOwner !== owner) throw new LeaseError(id, owner);
    return task;
  }

  /** Writes the move and its audit row; the caller holds the transaction and read `task` in it. */
  private write(task: TaskRow, to: TaskState, options: MoveOptions, columns: Partial<TaskRow>): TaskRow {
    const at = this.clock();
    const leaving = to !== 'in_progress';
    const row: TaskRow = {
      ...task,
      ...defined(options.patch),
      ...defined(columns),
      state: to,
      updatedAt: at,
      ...(leaving ? { leaseOwner: null, leaseExpiresAt: null } : {}),
    };
    this.q.update.run({ id: task.id, ...Object.fromEntries(MUTABLE.map((column) => [column, row[column]])) });
    this.q.insertEvent.run({
      taskId: task.id,
      from: task.state,
      to,
      reason: options.reason ?? null,
      actor: options.actor ?? 'owner',
      at,
    });
    this.changes += 1;
    return row;
  }
}

/** The keys of `values` that are set (drizzle's set() skipped undefined ones; so does a move). */
function defined<T extends object>(values: T | undefined): Partial<T> {
  if (!values) return {};
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
