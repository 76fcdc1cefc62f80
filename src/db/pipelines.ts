// The pipelines repository: a pipeline's row, its stage runs (one per task made for a stage), and
// the cost so far from the ledger. Moving a pipeline on is a compare-and-set on (state, stage), so
// two callers that see the same approved stage advance it once.

import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import {
  type PipelineRow,
  type PipelineRunRow,
  type PipelineState,
  pipelineRuns,
  pipelines,
} from './pipeline-schema.js';
import type { Clock } from './queue.js';
import { agentRuns } from './schema.js';
import { noRow } from './store-errors.js';

export interface NewPipeline {
  idea: string;
  project: string;
  /** JSON of the plan: stage templates and deploy target. */
  plan: string;
  platform?: string;
  chatId?: string;
}

export class PipelineRecords {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {}

  create(input: NewPipeline): PipelineRow {
    const at = this.clock();
    return (
      this.db
        .insert(pipelines)
        .values({
          idea: input.idea,
          project: input.project,
          plan: input.plan,
          platform: input.platform ?? null,
          chatId: input.chatId ?? null,
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .all()
        .at(0) ?? noRow()
    );
  }

  /** Sets the project once the id is known (the project name carries it). */
  setProject(id: number, project: string): void {
    this.db.update(pipelines).set({ project }).where(eq(pipelines.id, id)).run();
  }

  get(id: number): PipelineRow | undefined {
    return this.db.select().from(pipelines).where(eq(pipelines.id, id)).get();
  }

  /** Newest first; `states` narrows the list. */
  list(states?: readonly PipelineState[]): PipelineRow[] {
    const query = this.db.select().from(pipelines);
    return (states ? query.where(inArray(pipelines.state, [...states])) : query)
      .orderBy(desc(pipelines.id))
      .all();
  }

  /**
   * Moves the pipeline from (state, stage) to the new values; false when it was no longer there
   * (someone else moved it first).
   */
  move(
    id: number,
    from: { state: PipelineState; stage: number },
    to: { state: PipelineState; stage?: number; note?: string | null },
  ): boolean {
    const result = this.db
      .update(pipelines)
      .set({
        state: to.state,
        ...(to.stage !== undefined ? { stage: to.stage } : {}),
        ...(to.note !== undefined ? { note: to.note } : {}),
        updatedAt: this.clock(),
      })
      .where(and(eq(pipelines.id, id), eq(pipelines.state, from.state), eq(pipelines.stage, from.stage)))
      .run();
    return result.changes === 1;
  }

  addRun(pipelineId: number, stage: number, taskId: number): PipelineRunRow {
    return (
      this.db
        .insert(pipelineRuns)
        .values({ pipelineId, stage, taskId, createdAt: this.clock() })
        .returning()
        .all()
        .at(0) ?? noRow()
    );
  }

  /** Every stage run of a pipeline, oldest first. */
  runs(pipelineId: number): PipelineRunRow[] {
    return this.db
      .select()
      .from(pipelineRuns)
      .where(eq(pipelineRuns.pipelineId, pipelineId))
      .orderBy(asc(pipelineRuns.id))
      .all();
  }

  /** The stage run a task belongs to, if it is a pipeline's task. */
  runOfTask(taskId: number): PipelineRunRow | undefined {
    return this.db.select().from(pipelineRuns).where(eq(pipelineRuns.taskId, taskId)).get();
  }

  /** What every attempt of every task of the pipeline cost, from the ledger (reruns included). */
  costMicros(pipelineId: number): number {
    const row = this.db
      .select({ total: sql<number>`coalesce(sum(${agentRuns.costMicros}), 0)` })
      .from(agentRuns)
      .innerJoin(pipelineRuns, eq(pipelineRuns.taskId, agentRuns.taskId))
      .where(eq(pipelineRuns.pipelineId, pipelineId))
      .get();
    return Number(row?.total ?? 0);
  }
}
