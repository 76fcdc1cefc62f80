// The usage ledger: one agent_runs row per attempt. A row is opened before the call ("running")
// and closed with its usage and cost, so an attempt is charged exactly once even across a crash.

import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { type AgentRunRow, agentRuns } from './schema.js';

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
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costMicros: number;
}

export interface SpendLine {
  key: string;
  costMicros: number;
  runs: number;
}

export class Ledger {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {}

  start(run: RunStart): AgentRunRow {
    return this.db
      .insert(agentRuns)
      .values({ ...run, outcome: 'running', startedAt: this.clock() })
      .returning()
      .get();
  }

  /** Closes a running row once; closing it again changes nothing. */
  finish(id: number, result: RunFinish): void {
    const at = this.clock();
    this.db
      .update(agentRuns)
      .set({
        ...result,
        error: result.error ?? null,
        finishedAt: at,
        durationMs: sql`${at} - ${agentRuns.startedAt}`,
      })
      .where(and(eq(agentRuns.id, id), eq(agentRuns.outcome, 'running')))
      .run();
  }

  /**
   * Closes rows left "running" by a process that died mid-call. Nothing is charged for them: the
   * usage was never reported, and the retried attempt is charged once when it finishes.
   */
  closeInterrupted(): number {
    return this.db
      .update(agentRuns)
      .set({ outcome: 'interrupted', error: 'Kev stopped during the call', finishedAt: this.clock() })
      .where(eq(agentRuns.outcome, 'running'))
      .run().changes;
  }

  runs(taskId: number): AgentRunRow[] {
    return this.db.select().from(agentRuns).where(eq(agentRuns.taskId, taskId)).orderBy(agentRuns.id).all();
  }

  recent(limit = 20): AgentRunRow[] {
    return this.db.select().from(agentRuns).orderBy(desc(agentRuns.id)).limit(limit).all();
  }

  /** Total spend of runs started at or after `since`, in micro-USD. */
  spendSince(since: number): number {
    const row = this.db
      .select({ total: sql<number>`coalesce(sum(${agentRuns.costMicros}), 0)` })
      .from(agentRuns)
      .where(gte(agentRuns.startedAt, since))
      .get();
    return row?.total ?? 0;
  }

  spendOfTask(taskId: number): number {
    const row = this.db
      .select({ total: sql<number>`coalesce(sum(${agentRuns.costMicros}), 0)` })
      .from(agentRuns)
      .where(eq(agentRuns.taskId, taskId))
      .get();
    return row?.total ?? 0;
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
