// Reads the owner's kev.config.json: overrides of the model catalogue, the routing table, the
// roster and the factory pipeline's stages (and the schedules and cycles of schedule-file.ts),
// validated so a typo stops start-up with a sentence instead of a wrong route at run time:
// unknown fields at every depth, unknown agent and model names, and wrong types each name their path.

import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_PLAN, mergeStages, type PipelinePlan } from '../kev/pipeline/index.js';
import { PROVIDER_NAMES, TIERS } from '../router/catalogue.js';
import { DEFAULT_POLICY, mergePolicy, type Policy, type PolicyOverrides } from '../router/policy.js';
import { TASK_TYPES } from '../router/task-types.js';
import { ConfigError } from './config.js';
import { describeIssue, sentence, suggestion } from './config-issues.js';
import { CyclesSchema, SchedulesSchema } from './schedule-file.js';

const price = z.strictObject({
  input: z.number().min(0),
  output: z.number().min(0),
  cached: z.number().min(0),
});

const modelEntry = z.strictObject({
  provider: z.enum(PROVIDER_NAMES),
  id: z.string().min(1),
  tier: z.enum(TIERS),
  price,
  contextTokens: z.number().int().positive().default(128_000),
});

const stageNames = DEFAULT_PLAN.stages.map((s) => s.name) as [string, ...string[]];

const pipelineSection = z.strictObject({
  /** Per stage (by name): another agent, task type or prompt. */
  stages: z
    .partialRecord(
      z.enum(stageNames),
      z.strictObject({
        agent: z.string().min(1).optional(),
        type: z.enum(TASK_TYPES).optional(),
        prompt: z.string().min(1).optional(),
      }),
    )
    .optional(),
  /** Where DEPLOY may deploy; without it DEPLOY deploys nowhere. */
  deployTarget: z.string().min(1).optional(),
});

const FileSchema = z.strictObject({
  models: z.record(z.string(), modelEntry).optional(),
  routes: z
    .partialRecord(
      z.enum(TASK_TYPES),
      z.strictObject({
        agent: z.string().min(1).optional(),
        ladder: z.array(z.string().min(1)).min(1).optional(),
      }),
    )
    .optional(),
  agents: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        role: z.string().optional(),
        primary: z.string().optional(),
        backup: z.string().optional(),
        persona: z.string().optional(),
      }),
    )
    .optional(),
  schedules: SchedulesSchema.optional(),
  cycles: CyclesSchema.optional(),
  pipeline: pipelineSection.optional(),
});

type ConfigFile = z.infer<typeof FileSchema>;

function readFile(file: string): ConfigFile | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = FileSchema.safeParse(json);
  if (!parsed.success) {
    // A typo shows up twice (an unknown field, a missing one): name the typo.
    const issues = parsed.error.issues;
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    throw new ConfigError(
      sentence(`${file}: ${issue ? describeIssue(FileSchema, issue) : 'the file is invalid'}`),
    );
  }
  return parsed.data;
}

export function loadPolicy(file: string): Policy {
  const data = readFile(file);
  if (!data) return DEFAULT_POLICY;
  const { models, routes, agents } = data;
  const known = DEFAULT_POLICY.roster.map((a) => a.name);
  agents?.forEach((agent, i) => {
    if (!known.some((name) => name.toLowerCase() === agent.name.toLowerCase()))
      throw new ConfigError(
        sentence(`${file}: agents[${i}].name: unknown agent "${agent.name}"${suggestion(agent.name, known)}`),
      );
  });
  const overrides: PolicyOverrides = {};
  if (models) {
    overrides.catalogue = Object.fromEntries(Object.entries(models).map(([key, m]) => [key, { key, ...m }]));
  }
  if (routes) overrides.routes = routes;
  if (agents) overrides.roster = agents;
  const policy = mergePolicy(DEFAULT_POLICY, overrides);
  checkReferences(file, policy);
  return policy;
}

/** Every model a route or agent names must be in the catalogue; every agent a route names must exist. */
function checkReferences(file: string, policy: Policy): void {
  const names = policy.roster.map((a) => a.name);
  const models = Object.keys(policy.catalogue);
  for (const [type, route] of Object.entries(policy.routes)) {
    if (!names.some((n) => n.toLowerCase() === route.agent.toLowerCase()))
      throw new ConfigError(
        sentence(
          `${file}: routes.${type}.agent: unknown agent "${route.agent}"${suggestion(route.agent, names)}`,
        ),
      );
    const missing = route.ladder.findIndex((key) => !policy.catalogue[key]);
    const key = route.ladder[missing];
    if (key !== undefined)
      throw new ConfigError(
        sentence(
          `${file}: routes.${type}.ladder[${missing}]: unknown model "${key}"${suggestion(key, models)}`,
        ),
      );
  }
  for (const agent of policy.roster) {
    for (const field of ['primary', 'backup'] as const) {
      const key = agent[field];
      if (!policy.catalogue[key])
        throw new ConfigError(
          sentence(`${file}: agent ${agent.name} ${field}: unknown model "${key}"${suggestion(key, models)}`),
        );
    }
  }
}

/** The factory pipeline's plan: the default stages with the owner's overrides; agents must exist. */
export function loadPipelinePlan(file: string, policy: Policy): PipelinePlan {
  const section = readFile(file)?.pipeline;
  if (!section) return DEFAULT_PLAN;
  const stages = mergeStages(DEFAULT_PLAN.stages, section.stages ?? {});
  const names = new Set(policy.roster.map((a) => a.name.toLowerCase()));
  for (const stage of stages) {
    if (!names.has(stage.agent.toLowerCase()))
      throw new ConfigError(`${file}: pipeline.stages.${stage.name}.agent names no agent "${stage.agent}".`);
  }
  return { stages, ...(section.deployTarget ? { deployTarget: section.deployTarget } : {}) };
}
