// The usage ledger: one agent_runs row per attempt. A row is opened before the call ("running")
// and closed with its usage and cost, so an attempt is charged exactly once even across a crash.

import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { type AgentRunRow, agentRuns, type TaskState, tasks } from './schema.js';
import { noRow } from './store-errors.js';

const INTERRUPTED = 'interrupted';

export interface RunStart {
  /** Null for Kev's own calls that belong to no task (reading messages). */
  taskId: number | null;
  attempt: number;
  agent: string;
  provider: string;
  model: string;
}

export interface RunFinish {
  outcome: string;
  error?: string;
  retryAfterMs?: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costMicros: number;
}

/** What finish() did: closed the running row, charged a row closed under it, or ignored a second close. */
export type FinishOutcome = 'closed' | 'late' | 'twice';

/** Where the ledger reports a close that found its row already closed (an error, never silent). */
export interface LedgerLog {
  error(details: object, message: string): void;
}

export interface SpendLine {
  key: string;
  costMicros: number;
  runs: number;
}

/** Run on every model call (several per task): built and prepared once. */
function ledgerStatements(db: Db) {
  const P = sql.placeholder;
  return {
    start: db
      .insert(agentRuns)
      .values({
        taskId: P('taskId'),
        attempt: P('attempt'),
        agent: P('agent'),
        provider: P('provider'),
        model: P('model'),
        outcome: 'running',
        startedAt: P('at'),
      })
      .returning()
      .prepare(),
    ofTask: db
      .select({ total: sql<number>`coalesce(sum(${agentRuns.costMicros}), 0)` })
      .from(agentRuns)
      .where(eq(agentRuns.taskId, P('taskId')))
      .prepare(),
  };
}

function spentStatement(db: Db) {
  return db
    .select({ total: sql<number>`coalesce(sum(${agentRuns.costMicros}), 0)` })
    .from(agentRuns)
    .where(gte(agentRuns.startedAt, sql.placeholder('since')))
    .prepare();
}

export class Ledger {
  private spent: ReturnType<typeof spentStatement> | undefined;
  private statements: ReturnType<typeof ledgerStatements> | undefined;
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
    private readonly log?: LedgerLog,
    /** Makes the running row survive a power cut before the call spends money (Durability.sync). */
    private readonly durable: () => void = () => {},
  ) {}

  /** Opens a running row; once it returns, the row is on disk, so a spend is never unrecorded. */
  start(run: RunStart): AgentRunRow {
    this.statements ??= ledgerStatements(this.db);
    const row = this.statements.start.all({ ...run, at: this.clock() }).at(0) ?? noRow();
    this.durable();
    return row;
  }

  /**
   * Closes a running row with the call's usage and cost. A row already closed as interrupted (by a
   * start-up that thought its process dead) still gets the real usage: the money was spent. A row
   * already finished is left alone, so nothing is charged twice. Both are logged as errors.
   */
  finish(id: number, result: RunFinish): FinishOutcome {
    const at = this.clock();
    const values = {
      ...result,
      error: result.error ?? null,
      finishedAt: at,
      durationMs: sql`${at} - ${agentRuns.startedAt}`,
    };
    const closed = this.db
      .update(agentRuns)
      .set(values)
      .where(and(eq(agentRuns.id, id), eq(agentRuns.outcome, 'running')))
      .run().changes;
    if (closed) return 'closed';
    const late = this.db
      .update(agentRuns)
      .set(values)
      .where(and(eq(agentRuns.id, id), eq(agentRuns.outcome, INTERRUPTED)))
      .run().changes;
    const outcome = late ? 'late' : 'twice';
    this.log?.error(
      { runId: id, costMicros: result.costMicros, outcome: result.outcome },
      late
        ? 'a ledger row was closed as interrupted while its call ran; charged it now'
        : 'a ledger row was finished twice; the second result was not charged',
    );
    return outcome;
  }

  /**
   * Closes rows left "running" by a process that died mid-call. Nothing is charged for them: the
   * usage was never reported, and the retried attempt is charged once when it finishes.
   * Contract: called once at start-up, before anything in this process can start a call.
   */
  closeInterrupted(): number {
    return this.db
      .update(agentRuns)
      .set({ outcome: INTERRUPTED, error: 'Kev stopped during the call', finishedAt: this.clock() })
      .where(eq(agentRuns.outcome, 'running'))
      .run().changes;
  }

  /** Notes that Kev waited `ms` after this run and retried the same model (a short rate limit). */
  waited(id: number, ms: number): void {
    this.db.update(agentRuns).set({ waitedMs: ms }).where(eq(agentRuns.id, id)).run();
  }

  runs(taskId: number): AgentRunRow[] {
    return this.db.select().from(agentRuns).where(eq(agentRuns.taskId, taskId)).orderBy(agentRuns.id).all();
  }

  recent(limit = 20): AgentRunRow[] {
    return this.db.select().from(agentRuns).orderBy(desc(agentRuns.id)).limit(limit).all();
  }

  /** Total spend of runs started at or after `since`, in micro-USD. */
  spendSince(since: number): number {
    // Read on every /status and every budget check: built and prepared once.
    this.spent ??= spentStatement(this.db);
    return this.spent.get({ since })?.total ?? 0;
  }

  /** Spend of runs started at or after `since` on tasks now in one of `states` (cancelled work in /cost). */
  spendOnTaskStates(since: number, states: TaskState[]): { costMicros: number; runs: number } {
    const row = this.db
      .select({
        costMicros: sql<number>`coalesce(sum(${agentRuns.costMicros}), 0)`,
        runs: sql<number>`count(*)`,
      })
      .from(agentRuns)
      .innerJoin(tasks, eq(tasks.id, agentRuns.taskId))
      .where(and(gte(agentRuns.startedAt, since), inArray(tasks.state, states)))
      .get();
    return { costMicros: row?.costMicros ?? 0, runs: row?.runs ?? 0 };
  }

  spendOfTask(taskId: number): number {
    this.statements ??= ledgerStatements(this.db);
    return this.statements.ofTask.get({ taskId })?.total ?? 0;
  }

  breakdown(since: number, by: 'agent' | 'model'): SpendLine[] {
    const column = by === 'agent' ? agentRuns.agent : agentRuns.model;
    return this.db
      .select({
        key: column,
        costMicros: sql<number>`coalesce(sum(${agentRuns.costMicros}), 0)`,
        runs: sql<number>`count(*)`,
      })
      .from(agentRuns)
      .where(gte(agentRuns.startedAt, since))
      .groupBy(column)
      .orderBy(desc(sql`2`))
      .all();
  }
}
