// The read side of pipelines: one summary per pipeline (stage, state, current task, cost so far
// against the plan's estimate), for /pipelines and for the morning brief.

import type { PipelineState, Store, TaskState } from '../../db/index.js';
import { formatUsd } from '../../router/catalogue.js';
import { excerpt, STATE_LABELS } from '../format.js';
import { estimateText, planOf } from './flow.js';
import { stageLabel } from './stage-prompt.js';

export interface PipelineSummary {
  id: number;
  idea: string;
  project: string;
  state: PipelineState;
  /** 0-based current stage, the number of stages, and `stage N/7 NAME`. */
  stage: number;
  stages: number;
  stageLabel: string;
  /** The current stage's latest task. */
  taskId?: number;
  taskState?: TaskState;
  costMicros: number;
  /** Why it stopped. */
  note?: string;
  updatedAt: number;
}

/** Every pipeline, newest first; `states` narrows the list (the brief wants the unfinished ones). */
export function pipelineSummaries(store: Store, states?: readonly PipelineState[]): PipelineSummary[] {
  return store.pipelines.list(states).map((pipeline) => {
    const plan = planOf(pipeline);
    const run = store.pipelines
      .runs(pipeline.id)
      .filter((r) => r.stage === pipeline.stage)
      .at(-1);
    const task = run ? store.tasks.get(run.taskId) : undefined;
    return {
      id: pipeline.id,
      idea: pipeline.idea,
      project: pipeline.project,
      state: pipeline.state,
      stage: pipeline.stage,
      stages: plan.stages.length,
      stageLabel: stageLabel(plan, pipeline.stage),
      ...(task ? { taskId: task.id, taskState: task.state } : {}),
      costMicros: store.pipelines.costMicros(pipeline.id),
      ...(pipeline.note ? { note: pipeline.note } : {}),
      updatedAt: pipeline.updatedAt,
    };
  });
}

/** "#1 A CLI that converts PDFs… — stage 4/7 BUILD · running (#4 in review) · $0.12 so far of $40–70" */
export function summaryLine(s: PipelineSummary): string {
  const where =
    s.state === 'done'
      ? `done (${s.stages}/${s.stages} stages)`
      : `${s.stageLabel} · ${s.state}${s.taskId ? ` (#${s.taskId} ${STATE_LABELS[s.taskState ?? 'ready']})` : ''}`;
  const why = s.state === 'stopped' && s.note ? ` — ${excerpt(s.note, 80)}` : '';
  return `#${s.id} ${excerpt(s.idea, 60)} — ${where} · ${formatUsd(s.costMicros)} so far of ${estimateText()}${why}`;
}

export function pipelinesText(summaries: PipelineSummary[]): string {
  if (!summaries.length) return 'No pipelines yet. /pipeline <idea> runs an idea through the factory.';
  const stopped = summaries.filter((s) => s.state === 'stopped');
  return [
    'Pipelines:',
    ...summaries.map(summaryLine),
    ...(stopped.length ? ['', `/pipeline resume <id> runs a stopped pipeline's stage again.`] : []),
  ].join('\n');
}

/** The brief's compact line: "#1 A CLI that converts PDFs… — stage 4/7 BUILD, #4 in review · $0.12". */
export function briefLine(s: PipelineSummary): string {
  const where =
    s.state === 'done'
      ? 'done'
      : `${s.stageLabel}${s.state === 'stopped' ? ' stopped' : ''}${s.taskId ? `, #${s.taskId} ${STATE_LABELS[s.taskState ?? 'ready']}` : ''}`;
  return `#${s.id} ${excerpt(s.idea, 32)} — ${where} · ${formatUsd(s.costMicros)}`;
}
