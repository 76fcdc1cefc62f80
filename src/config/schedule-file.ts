// The "schedules" and "cycles" parts of kev.config.json: per job a cron pattern and an on/off
// switch, per cycle its task template. Validated with the rest of the file (policy-file.ts), so an
// unknown job name or a bad cron pattern stops start-up with a sentence naming the field.

import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  CYCLE_NAMES,
  type CycleOverrides,
  type CycleTemplates,
  resolveCycles,
} from '../kev/cycles/templates.js';
import { cronProblem } from '../kev/schedules/cron.js';
import {
  JOB_NAMES,
  resolveSchedules,
  type ScheduledJob,
  type ScheduleOverrides,
} from '../kev/schedules/table.js';
import { TASK_TYPES } from '../router/task-types.js';

/** A record whose keys must be one of `names`: an unknown key is an error that lists the known ones. */
function namedRecord<T extends z.ZodType>(names: readonly string[], what: string, entry: T) {
  return z.record(z.string(), entry).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (!names.includes(key))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `is not a ${what} (the ${what}s are ${names.join(', ')})`,
        });
    }
  });
}

const cron = z.string().superRefine((pattern, ctx) => {
  const problem = cronProblem(pattern);
  if (problem)
    ctx.addIssue({ code: 'custom', message: `is not a valid cron pattern ("${pattern}": ${problem})` });
});

export const SchedulesSchema = namedRecord(
  JOB_NAMES,
  'job',
  z.object({ cron: cron.optional(), enabled: z.boolean().optional() }).strict(),
);

export const CyclesSchema = namedRecord(
  CYCLE_NAMES,
  'cycle',
  z
    .object({
      type: z.enum(TASK_TYPES).optional(),
      title: z.string().trim().min(1).optional(),
      body: z.string().trim().min(1).optional(),
    })
    .strict(),
);

export interface FactorySettings {
  schedules: ScheduledJob[];
  cycles: CycleTemplates;
}

/** Reads the schedules and cycles of a file that loadPolicy has already validated. */
export function loadFactorySettings(file: string): FactorySettings {
  if (!existsSync(file)) return { schedules: resolveSchedules(), cycles: resolveCycles() };
  const json = JSON.parse(readFileSync(file, 'utf8')) as { schedules?: unknown; cycles?: unknown };
  const schedules = SchedulesSchema.optional().parse(json.schedules) as ScheduleOverrides | undefined;
  const cycles = CyclesSchema.optional().parse(json.cycles) as CycleOverrides | undefined;
  return { schedules: resolveSchedules(schedules), cycles: resolveCycles(cycles) };
}
