// What a stage's task says: the stage's instructions, the idea, the previous stage's approved result
// (its input) and the earlier stages' summaries, and for repository stages where earlier work lives.
// It becomes the task's body, which the worker receives wrapped as data.

import type { PipelineRow, TaskRow } from '../../db/index.js';
import { excerpt } from '../format.js';
import type { PipelinePlan, StageTemplate } from './stages.js';

/** The previous stage's result is passed whole up to this size. */
const INPUT_LIMIT = 12_000;
/** Each earlier stage is summed up in this many characters. */
const SUMMARY_LIMIT = 400;

/** An earlier stage's latest task. */
export interface EarlierStage {
  stage: number;
  template: StageTemplate;
  task: TaskRow;
}

export function stageLabel(plan: PipelinePlan, stage: number): string {
  return `stage ${stage + 1}/${plan.stages.length} ${plan.stages[stage]?.name ?? '?'}`;
}

export function stageTitle(pipeline: PipelineRow, plan: PipelinePlan, stage: number): string {
  return excerpt(`Pipeline #${pipeline.id} ${plan.stages[stage]?.name ?? '?'}: ${pipeline.idea}`, 120);
}

function deployLine(plan: PipelinePlan): string {
  return plan.deployTarget
    ? `The owner configured this deploy target: ${plan.deployTarget}. Deploy there only, and only what this repository builds.`
    : 'No deploy target is configured: do not deploy, publish, push or upload anything anywhere. Only prepare the configuration and the notes in this repository.';
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n… (cut at ${limit} characters)`;
}

export function stageBody(
  pipeline: PipelineRow,
  plan: PipelinePlan,
  stage: number,
  earlier: EarlierStage[],
  stoppedBecause?: string,
): string {
  const template = plan.stages[stage];
  if (!template) throw new Error(`pipeline #${pipeline.id} has no stage ${stage}`);
  const parts = [
    `Factory pipeline #${pipeline.id}, ${stageLabel(plan, stage)}.`,
    `The idea: ${pipeline.idea}`,
    '',
    template.prompt.replaceAll('{idea}', pipeline.idea),
  ];
  if (template.repo) parts.push('', `Work in the pipeline's repository, project "${pipeline.project}".`);
  if (template.deploy) parts.push('', deployLine(plan));
  const input = earlier.find((e) => e.stage === stage - 1);
  if (input) {
    parts.push(
      '',
      `Your input: the approved result of ${stageLabel(plan, input.stage)} (task #${input.task.id}):`,
      '---',
      cut(input.task.result ?? '', INPUT_LIMIT),
      '---',
    );
  }
  const before = earlier.filter((e) => e.stage < stage - 1);
  if (before.length) {
    parts.push('', 'Earlier stages, summed up:');
    for (const e of before)
      parts.push(
        `- ${stageLabel(plan, e.stage)} (#${e.task.id}): ${excerpt(e.task.result ?? '', SUMMARY_LIMIT)}`,
      );
  }
  const branches = earlier.filter((e) => e.task.branch);
  if (template.repo && branches.length) {
    parts.push('', 'Earlier work in this repository (merged into main):');
    for (const e of branches)
      parts.push(
        `- ${stageLabel(plan, e.stage)}: branch ${e.task.branch} (its commits: git log -p ${e.task.branch})`,
      );
  }
  if (stoppedBecause) parts.push('', `This stage was stopped before, with this note: ${stoppedBecause}`);
  return parts.join('\n');
}
