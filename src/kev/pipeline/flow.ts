// The pipeline's policy: only the current stage has a task; when that task is done (approved, and
// for a repository stage merged) the next stage's task is made from its result; when it fails
// (rejected, cancelled, out of models) the pipeline stops until /pipeline resume. Everything here is
// synchronous and runs inside the caller's transaction; followPipeline is safe to call any number
// of times (a compare-and-set on the pipeline's state and stage moves it once).

import type { PipelineRow, Store, TaskRow } from '../../db/index.js';
import { formatUsd } from '../../router/catalogue.js';
import type { Reply } from '../actions/types.js';
import { excerpt } from '../format.js';
import { type EarlierStage, stageBody, stageLabel, stageTitle } from './stage-prompt.js';
import { type PipelinePlan, TOOL_ESTIMATE_USD } from './stages.js';

export interface ChatOf {
  platform: string;
  chatId: string;
}

export function planOf(pipeline: PipelineRow): PipelinePlan {
  return JSON.parse(pipeline.plan) as PipelinePlan;
}

/** The git project of a pipeline: its id and the idea's first words, a valid project name. */
export function projectName(id: number, idea: string): string {
  const slug = idea
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug ? `pipeline-${id}-${slug}` : `pipeline-${id}`;
}

export function estimateText(): string {
  return `$${TOOL_ESTIMATE_USD.low}–${TOOL_ESTIMATE_USD.high}`;
}

/** The latest task of each stage before `stage`. */
function earlierStages(
  store: Store,
  pipeline: PipelineRow,
  plan: PipelinePlan,
  stage: number,
): EarlierStage[] {
  const latest = new Map<number, number>();
  for (const run of store.pipelines.runs(pipeline.id))
    if (run.stage < stage) latest.set(run.stage, run.taskId);
  const earlier: EarlierStage[] = [];
  for (const [s, taskId] of [...latest].sort((a, b) => a[0] - b[0])) {
    const task = store.tasks.get(taskId);
    const template = plan.stages[s];
    if (task && template) earlier.push({ stage: s, template, task });
  }
  return earlier;
}

/** Makes the task of a stage (its body carries the earlier stages' results) and records the run. */
function createStageTask(
  store: Store,
  pipeline: PipelineRow,
  stage: number,
  stoppedBecause?: string,
): TaskRow {
  const plan = planOf(pipeline);
  const template = plan.stages[stage];
  if (!template) throw new Error(`pipeline #${pipeline.id} has no stage ${stage}`);
  const earlier = earlierStages(store, pipeline, plan, stage);
  const task = store.tasks.create(
    {
      title: stageTitle(pipeline, plan, stage),
      body: stageBody(pipeline, plan, stage, earlier, stoppedBecause),
      type: template.type,
      agent: template.agent,
      // Deploying to a real target waits for the owner's confirmation; everything else runs at once.
      state: template.deploy && plan.deployTarget ? 'backlog' : 'ready',
      ...(pipeline.platform ? { platform: pipeline.platform } : {}),
      ...(pipeline.chatId ? { chatId: pipeline.chatId } : {}),
    },
    'pipeline',
  );
  if (template.repo) store.builds.set(task.id, { project: pipeline.project });
  store.pipelines.addRun(pipeline.id, stage, task.id);
  return store.tasks.require(task.id);
}

function queuedReply(pipeline: PipelineRow, plan: PipelinePlan, stage: number, task: TaskRow): Reply {
  const label = stageLabel(plan, stage);
  if (task.state === 'backlog') {
    return {
      text: `Pipeline #${pipeline.id} · ${label}: #${task.id} for ${task.agent} deploys to ${plan.deployTarget}, so it waits until you confirm.`,
      choices: [
        { label: 'Confirm', intent: { kind: 'approve', taskId: task.id } },
        { label: 'Cancel', intent: { kind: 'cancel', taskId: task.id } },
      ],
    };
  }
  return { text: `Pipeline #${pipeline.id} · ${label}: queued #${task.id} for ${task.agent}.` };
}

export interface Started {
  pipeline: PipelineRow;
  task: TaskRow;
  reply: Reply;
}

export function startPipeline(store: Store, plan: PipelinePlan, idea: string, chat: ChatOf): Started {
  const created = store.pipelines.create({
    idea,
    project: 'pending',
    plan: JSON.stringify(plan),
    platform: chat.platform,
    chatId: chat.chatId,
  });
  store.pipelines.setProject(created.id, projectName(created.id, idea));
  const pipeline = store.pipelines.get(created.id) as PipelineRow;
  const task = createStageTask(store, pipeline, 0);
  const names = plan.stages.map((s) => s.name).join(' → ');
  const text = [
    `Pipeline #${pipeline.id} for “${excerpt(idea, 80)}”: ${names}.`,
    `Each stage's result waits for your review; Approve starts the next stage with it, Revise reruns the stage with your notes, Reject stops the pipeline (/pipeline resume ${pipeline.id} goes on).`,
    `${stageLabel(plan, 0)}: queued #${task.id} for ${task.agent}. The plan's estimate for a tool is ${estimateText()}; /pipelines shows the cost so far.`,
  ].join('\n');
  return { pipeline, task, reply: { text } };
}

/** The pipeline a task is the current stage task of, with that stage. */
function currentRun(store: Store, taskId: number): { pipeline: PipelineRow; stage: number } | undefined {
  const run = store.pipelines.runOfTask(taskId);
  if (!run) return undefined;
  const pipeline = store.pipelines.get(run.pipelineId);
  if (!pipeline || pipeline.stage !== run.stage) return undefined;
  const latest = store.pipelines
    .runs(pipeline.id)
    .filter((r) => r.stage === run.stage)
    .at(-1);
  return latest?.taskId === taskId ? { pipeline, stage: run.stage } : undefined;
}

/**
 * Brings a pipeline in line with its current stage task: done → the next stage (or the pipeline is
 * done), failed → stopped, live again (a /retry) → running. Returns what to tell the owner.
 */
export function followPipeline(store: Store, taskId: number): Reply[] {
  const current = currentRun(store, taskId);
  const task = store.tasks.get(taskId);
  if (!current || !task) return [];
  const { pipeline, stage } = current;
  const plan = planOf(pipeline);
  const label = stageLabel(plan, stage);
  const from = { state: pipeline.state, stage };
  if (task.state === 'done' && pipeline.state === 'running') {
    const next = stage + 1;
    if (next >= plan.stages.length) {
      if (!store.pipelines.move(pipeline.id, from, { state: 'done' })) return [];
      const cost = formatUsd(store.pipelines.costMicros(pipeline.id));
      return [
        {
          text: `Pipeline #${pipeline.id} is done: all ${plan.stages.length} stages approved for “${excerpt(pipeline.idea, 80)}”. It cost ${cost} (the plan's estimate: ${estimateText()}). The code is in the project ${pipeline.project}.`,
        },
      ];
    }
    if (!store.pipelines.move(pipeline.id, from, { state: 'running', stage: next })) return [];
    const moved = store.pipelines.get(pipeline.id) as PipelineRow;
    return [queuedReply(moved, plan, next, createStageTask(store, moved, next))];
  }
  // A stage that failed or was cancelled stops the pipeline alike.
  const ended = task.state === 'failed' || task.state === 'cancelled';
  if (ended && pipeline.state === 'running') {
    const note = task.note ?? 'failed';
    if (!store.pipelines.move(pipeline.id, from, { state: 'stopped', note })) return [];
    return [
      {
        text: `Pipeline #${pipeline.id} stopped at ${label} (#${task.id}: ${excerpt(note, 200)}). /pipeline resume ${pipeline.id} runs the stage again.`,
      },
    ];
  }
  if (task.state !== 'done' && !ended && pipeline.state === 'stopped') {
    if (!store.pipelines.move(pipeline.id, from, { state: 'running', note: null })) return [];
    return [{ text: `Pipeline #${pipeline.id} runs again at ${label} (#${task.id}).` }];
  }
  return [];
}

/** Follows a pipeline's current stage task: catches up on a step a crash cut short. */
export function followCurrentStage(store: Store, pipelineId: number): Reply[] {
  const pipeline = store.pipelines.get(pipelineId);
  if (!pipeline || pipeline.state === 'done') return [];
  const run = store.pipelines
    .runs(pipeline.id)
    .filter((r) => r.stage === pipeline.stage)
    .at(-1);
  return run ? followPipeline(store, run.taskId) : [];
}

/** Follows every unfinished pipeline (before a listing). */
export function followAllPipelines(store: Store): Reply[] {
  return store.pipelines.list(['running', 'stopped']).flatMap((p) => followCurrentStage(store, p.id));
}

/** /pipeline resume: a stopped pipeline runs its stopped stage again as a new task. */
export function resumePipeline(store: Store, id: number): Reply {
  const pipeline = store.pipelines.get(id);
  if (!pipeline) return { text: `There is no pipeline #${id}. /pipelines lists them.` };
  const plan = planOf(pipeline);
  const label = stageLabel(plan, pipeline.stage);
  if (pipeline.state === 'done')
    return { text: `Pipeline #${id} is already done; there is nothing to resume.` };
  if (pipeline.state === 'running')
    return { text: `Pipeline #${id} is not stopped: it is at ${label}. /pipelines shows where each one is.` };
  const from = { state: pipeline.state, stage: pipeline.stage };
  if (!store.pipelines.move(id, from, { state: 'running', note: null }))
    return { text: `Pipeline #${id} changed just now; /pipelines shows where it is.` };
  const task = createStageTask(store, pipeline, pipeline.stage, pipeline.note ?? undefined);
  const queued = queuedReply(pipeline, plan, pipeline.stage, task);
  return { ...queued, text: `Resumed pipeline #${id}. ${queued.text}` };
}

/** The line a review request of a stage task carries: the pipeline and `stage N/7 NAME`. */
export function stageLines(store: Store, taskId: number): string[] {
  const current = currentRun(store, taskId);
  if (!current) return [];
  const { pipeline, stage } = current;
  return [
    `Pipeline #${pipeline.id} “${excerpt(pipeline.idea, 60)}” · ${stageLabel(planOf(pipeline), stage)}`,
  ];
}
