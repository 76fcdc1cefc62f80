// Reads the owner's kev.config.json: overrides of the model catalogue, the routing table, the
// roster and the factory pipeline's stages (and the schedules and cycles of schedule-file.ts),
// validated so a typo stops start-up with a sentence instead of a wrong route at run time.

import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_PLAN, mergeStages, type PipelinePlan } from '../kev/pipeline/index.js';
import { PROVIDER_NAMES, TIERS } from '../router/catalogue.js';
import { DEFAULT_POLICY, mergePolicy, type Policy, type PolicyOverrides } from '../router/policy.js';
import { TASK_TYPES } from '../router/task-types.js';
import { ConfigError } from './config.js';
import { CyclesSchema, SchedulesSchema } from './schedule-file.js';

const price = z.object({ input: z.number().min(0), output: z.number().min(0), cached: z.number().min(0) });

const modelEntry = z.object({
  provider: z.enum(PROVIDER_NAMES),
  id: z.string().min(1),
  tier: z.enum(TIERS),
  price,
  contextTokens: z.number().int().positive().default(128_000),
});

const stageNames = DEFAULT_PLAN.stages.map((s) => s.name) as [string, ...string[]];

const pipelineSection = z
  .object({
    /** Per stage (by name): another agent, task type or prompt. */
    stages: z
      .partialRecord(
        z.enum(stageNames),
        z
          .object({
            agent: z.string().min(1).optional(),
            type: z.enum(TASK_TYPES).optional(),
            prompt: z.string().min(1).optional(),
          })
          .strict(),
      )
      .optional(),
    /** Where DEPLOY may deploy; without it DEPLOY deploys nowhere. */
    deployTarget: z.string().min(1).optional(),
  })
  .strict();

const FileSchema = z
  .object({
    models: z.record(z.string(), modelEntry).optional(),
    routes: z
      .partialRecord(
        z.enum(TASK_TYPES),
        z.object({
          agent: z.string().min(1).optional(),
          ladder: z.array(z.string().min(1)).min(1).optional(),
        }),
      )
      .optional(),
    agents: z
      .array(
        z.object({
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
  })
  .strict();

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
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `${file}: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is invalid'}.`,
    );
  }
  return parsed.data;
}

export function loadPolicy(file: string): Policy {
  const data = readFile(file);
  if (!data) return DEFAULT_POLICY;
  const { models, routes, agents } = data;
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
  const names = new Set(policy.roster.map((a) => a.name));
  for (const [type, route] of Object.entries(policy.routes)) {
    if (!names.has(route.agent))
      throw new ConfigError(`${file}: routes.${type}.agent names no agent "${route.agent}".`);
    const missing = route.ladder.find((key) => !policy.catalogue[key]);
    if (missing) throw new ConfigError(`${file}: routes.${type}.ladder names unknown model "${missing}".`);
  }
  for (const agent of policy.roster) {
    for (const key of [agent.primary, agent.backup]) {
      if (!policy.catalogue[key])
        throw new ConfigError(`${file}: agent ${agent.name} names unknown model "${key}".`);
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
