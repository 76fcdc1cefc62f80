// The answer the model must give: one flat JSON object per message, as a strict JSON schema (sent as
// structured output) and as a zod schema (what is accepted). Types and agents are enums built from
// the routing table, so the model cannot name a type or an agent Kev does not have.

import { z } from 'zod';
import { INTENT_KINDS, type IntentKind } from '../../ports/intents.js';
import type { RoutingTable } from '../../router/routes.js';
import { TASK_TYPES } from '../../router/task-types.js';

export const MAX_TASKS = 8;
export const MAX_OPTIONS = 4;

/** Kinds a clarify option may carry (an option is one intent, never another question). */
export const OPTION_KINDS = INTENT_KINDS.filter((k) => k !== 'clarify') as Exclude<IntentKind, 'clarify'>[];

export function agentsOf(routes: RoutingTable): string[] {
  return [...new Set(TASK_TYPES.map((type) => routes[type].agent))];
}

function fieldsSchema(agents: string[]) {
  const task = z.strictObject({
    title: z.string().trim().min(1).max(200),
    instruction: z.string().trim().min(1).max(8000),
    type: z.enum(TASK_TYPES),
    agent: z.enum(agents as [string, ...string[]]),
  });
  return {
    tasks: z.array(task).min(1).max(MAX_TASKS).nullable(),
    taskId: z.int().positive().nullable(),
    text: z.string().trim().max(4000).nullable(),
    memoryId: z.int().positive().nullable(),
  };
}

export function modelIntentSchema(routes: RoutingTable) {
  const fields = fieldsSchema(agentsOf(routes));
  const option = z.strictObject({
    label: z.string().trim().min(1).max(80),
    kind: z.enum(OPTION_KINDS as [string, ...string[]]),
    ...fields,
  });
  return z.strictObject({
    kind: z.enum(INTENT_KINDS),
    ...fields,
    options: z.array(option).min(1).max(MAX_OPTIONS).nullable(),
  });
}

export type ModelIntent = z.infer<ReturnType<typeof modelIntentSchema>>;
export type ModelOption = NonNullable<ModelIntent['options']>[number];

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });

function closed(properties: Record<string, unknown>, description?: string): Record<string, unknown> {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

/** The strict JSON schema for structured output: only keywords every provider accepts. */
export function modelIntentJsonSchema(routes: RoutingTable): Record<string, unknown> {
  const task = closed({
    title: { type: 'string', description: 'Short title, at most 12 words.' },
    instruction: {
      type: 'string',
      description: 'What the agent must do, self-contained: resolve "it", "the same" and the like.',
    },
    type: { type: 'string', enum: [...TASK_TYPES] },
    agent: { type: 'string', enum: agentsOf(routes), description: 'The agent the table gives the type.' },
  });
  const fields = {
    tasks: nullable({ type: 'array', items: task, description: 'new_task only: one entry per task.' }),
    taskId: nullable({
      type: 'integer',
      description: 'The task number for show/approve/reject/revise/cancel/retry.',
    }),
    text: nullable({
      type: 'string',
      description:
        'reject: reason; revise: notes; remember: the fact; pipeline: the idea; chat: the question; clarify: the question to ask; queue: a state.',
    }),
    memoryId: nullable({ type: 'integer', description: 'forget only: the memory number.' }),
  };
  const option = closed({
    label: { type: 'string', description: 'Button text, a few words.' },
    kind: { type: 'string', enum: [...OPTION_KINDS] },
    ...fields,
  });
  return closed({
    kind: { type: 'string', enum: [...INTENT_KINDS] },
    ...fields,
    options: nullable({ type: 'array', items: option, description: 'clarify only: 2 to 4 choices.' }),
  });
}
