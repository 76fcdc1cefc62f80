// The factory pipeline's tables: one row per pipeline (an idea on its way from IDEATION to MARKET)
// and one row per stage run, i.e. per task created for a stage (a resumed stage gets a new task and
// a new row; a revision reruns the same task and keeps its row).

import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tasks } from './schema.js';

export const PIPELINE_STATES = ['running', 'stopped', 'done'] as const;
export type PipelineState = (typeof PIPELINE_STATES)[number];

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const pipelines = sqliteTable('pipelines', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  idea: text('idea').notNull(),
  /** The git project BUILD, TEST and DEPLOY work in (`<dataDir>/workspaces/<project>`). */
  project: text('project').notNull(),
  state: text('state', { enum: PIPELINE_STATES }).notNull().default('running'),
  /** The current stage, 0-based into the stage templates the pipeline was created with. */
  stage: integer('stage').notNull().default(0),
  /** JSON of the plan in force when it was created (stage templates, deploy target), so a config change never reshapes it. */
  plan: text('plan').notNull(),
  /** Why it stopped (the rejection reason, a failure). */
  note: text('note'),
  platform: text('platform'),
  chatId: text('chat_id'),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

export const pipelineRuns = sqliteTable(
  'pipeline_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    pipelineId: integer('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    stage: integer('stage').notNull(),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('pipeline_runs_task').on(t.taskId), index('pipeline_runs_pipeline').on(t.pipelineId)],
);

export type PipelineRow = typeof pipelines.$inferSelect;
export type PipelineRunRow = typeof pipelineRuns.$inferSelect;
