// Tables of the factory's rhythm: one row per scheduled run (its slot key is UNIQUE, so a slot runs
// at most once however many processes or restarts see it), each job's pause switch, and the
// owner's standing research topics. Re-exported by schema.ts so drizzle-kit sees them.

import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const RUN_OUTCOMES = ['running', 'ok', 'skipped', 'failed', 'missed'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export const scheduleRuns = sqliteTable(
  'schedule_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    /** `<job>:<local slot time>`, e.g. `brief:2026-11-24T06:00`; inserted before the job acts. */
    slotKey: text('slot_key').notNull(),
    /** The slot's instant (epoch ms). */
    slotAt: integer('slot_at').notNull(),
    outcome: text('outcome', { enum: RUN_OUTCOMES }).notNull(),
    /** Why it was skipped, missed or failed; what it did when ok. */
    detail: text('detail'),
    /** The task a cycle created, if any. */
    taskId: integer('task_id'),
    /** Which process ran it. */
    runner: text('runner'),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [uniqueIndex('schedule_runs_slot').on(t.slotKey), index('schedule_runs_job').on(t.job, t.slotAt)],
);

export const scheduleState = sqliteTable('schedule_state', {
  job: text('job').primaryKey(),
  paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
  /** Slots before this instant are not "missed" (set at resume, so a pause is not caught up). */
  since: integer('since'),
  updatedAt: integer('updated_at').notNull(),
});

export const topics = sqliteTable(
  'topics',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    text: text('text').notNull(),
    /** Lower-cased text, so "AI agents" and "ai agents" are one topic. */
    key: text('key').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('topics_key').on(t.key)],
);

export type ScheduleRunRow = typeof scheduleRuns.$inferSelect;
export type TopicRow = typeof topics.$inferSelect;
