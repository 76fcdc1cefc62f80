// The factory's seven stages as data: which agent does each, as which task type, told what. The
// owner may replace a stage's agent, type or prompt in kev.config.json ("pipeline.stages"); a
// pipeline keeps the plan it was created with.

import type { TaskType } from '../../router/task-types.js';

export interface StageTemplate {
  /** IDEATION, RESEARCH, … (shown as `stage 3/7 PRD`). */
  name: string;
  agent: string;
  /** The task type: its route's model ladder runs the stage (a coding CLI for code types). */
  type: TaskType;
  /** What the agent is asked to do; `{idea}` is replaced by the owner's idea. */
  prompt: string;
  /** The stage works in the pipeline's own git repository (its task gets the pipeline's project). */
  repo?: boolean;
  /** The stage is where a deploy would happen: it deploys only to a target the owner configured. */
  deploy?: boolean;
}

export interface PipelinePlan {
  stages: StageTemplate[];
  /** Where DEPLOY may deploy; without one it prepares configuration and notes and deploys nowhere. */
  deployTarget?: string;
}

/** The plan's estimate of what one tool costs to take through all stages, in USD. */
export const TOOL_ESTIMATE_USD = { low: 40, high: 70 } as const;

export const DEFAULT_STAGES: StageTemplate[] = [
  {
    name: 'IDEATION',
    agent: 'Scout',
    type: 'research',
    prompt: [
      'Sharpen this product idea into a one-page brief: {idea}',
      'Say who the target user is and the problem it solves for them, the smallest version worth building,',
      'what it deliberately leaves out, and propose a short product name (with one or two alternatives).',
    ].join('\n'),
  },
  {
    name: 'RESEARCH',
    agent: 'Scout',
    type: 'research',
    prompt: [
      'Research the market for the product described in the input: competitors (with links where you know them),',
      'their pricing, signs of demand (communities, searches, complaints about existing tools), and the gap this product can take.',
    ].join('\n'),
  },
  {
    name: 'PRD',
    agent: 'Atlas',
    type: 'strategy',
    prompt: [
      'Write the product requirements document from the idea brief and the research: goal, users, scope of the first version,',
      'features with acceptance criteria, what is out of scope, technical approach, and how success is measured.',
    ].join('\n'),
  },
  {
    name: 'BUILD',
    agent: 'Rex',
    type: 'code',
    repo: true,
    prompt: [
      'Build the first version described in the PRD in this repository: the code, a README with how to install and run it,',
      'and automated tests for the acceptance criteria. Save the PRD you were given as docs/PRD.md, so later stages can read it.',
      'Keep it small and working.',
    ].join('\n'),
  },
  {
    name: 'TEST',
    agent: 'Hawk',
    type: 'code',
    repo: true,
    prompt: [
      "Review the build in this repository: run its tests, read the build's diff against the acceptance criteria in docs/PRD.md,",
      'add the tests that are missing, fix what fails, and report what passes, what you fixed and any risk left.',
    ].join('\n'),
  },
  {
    name: 'DEPLOY',
    agent: 'Forge',
    type: 'code_batch',
    repo: true,
    deploy: true,
    prompt: [
      'Prepare the release in this repository: the deploy configuration (build script, CI workflow, packaging)',
      'and RELEASE_NOTES.md for the first version, from the PRD and the test report.',
    ].join('\n'),
  },
  {
    name: 'MARKET',
    agent: 'Blaze',
    type: 'marketing',
    prompt: [
      'Write the launch copy for the product: a one-line pitch, a landing-page hero and three feature blurbs,',
      'a launch post (Show HN / Product Hunt style), and three short social posts, true to what was built and released.',
    ].join('\n'),
  },
];

export const DEFAULT_PLAN: PipelinePlan = { stages: DEFAULT_STAGES };

/** Replaces stage fields by stage name (case-insensitive); unknown names are the caller's error to report. */
export function mergeStages(
  base: StageTemplate[],
  overrides: Partial<Record<string, Partial<Omit<StageTemplate, 'name'>>>>,
): StageTemplate[] {
  const byName = new Map(Object.entries(overrides).map(([name, o]) => [name.toUpperCase(), o]));
  return base.map((stage) => ({ ...stage, ...byName.get(stage.name) }));
}
