// The intent structure as a zod schema, for reading intents back from storage (the choices of a
// question): a stored row that no longer matches the structure is refused, never cast and run.

import { z } from 'zod';
import { TASK_TYPES } from '../router/task-types.js';
import type { ClarifyOption, Intent, TaskDraft } from './intents.js';

const id = z.number().int().nonnegative();

const TaskDraftSchema: z.ZodType<TaskDraft> = z.object({
  title: z.string(),
  body: z.string(),
  type: z.enum(TASK_TYPES),
  agent: z.string(),
  confirm: z.string().optional(),
});

const bare = <const K extends string>(kind: K) => z.object({ kind: z.literal(kind) });

export const IntentSchema: z.ZodType<Intent> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('new_task'), tasks: z.array(TaskDraftSchema) }),
    bare('status'),
    z.object({ kind: z.literal('queue'), state: z.string().optional() }),
    z.object({ kind: z.literal('show'), taskId: id }),
    z.object({ kind: z.literal('approve'), taskId: id }),
    z.object({ kind: z.literal('reject'), taskId: id, reason: z.string().optional() }),
    z.object({ kind: z.literal('revise'), taskId: id, notes: z.string().optional() }),
    z.object({ kind: z.literal('cancel'), taskId: id }),
    z.object({ kind: z.literal('retry'), taskId: id }),
    z.object({ kind: z.literal('remember'), fact: z.string(), reminder: z.boolean().optional() }),
    z.object({ kind: z.literal('forget'), memoryId: id }),
    bare('memory'),
    bare('brief'),
    bare('help'),
    bare('start'),
    bare('agents'),
    bare('cost'),
    bare('pause'),
    bare('resume'),
    z.object({ kind: z.literal('pipeline'), idea: z.string() }),
    z.object({ kind: z.literal('chat'), question: z.string(), answer: z.string().optional() }),
    z.object({ kind: z.literal('clarify'), question: z.string(), options: z.array(ClarifyOptionSchema) }),
  ]),
);

export const ClarifyOptionSchema: z.ZodType<ClarifyOption> = z.object({
  label: z.string(),
  intent: IntentSchema,
});

/** The choices a stored question offers. */
export const PromptOptionsSchema = z.array(ClarifyOptionSchema).min(1);
