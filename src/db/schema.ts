// The Drizzle schema: one SQLite file holds the queue, its audit trail, the conversation, memory,
// the outbox, reply-button prompts, agent runs and settings. Times are epoch milliseconds;
// money is integer micro-USD so sums are exact.

import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** `cancelled` is the owner's stop, kept apart from `failed` (the work went wrong) in every report. */
export const TASK_STATES = [
  'backlog',
  'ready',
  'in_progress',
  'review',
  'merging',
  'done',
  'failed',
  'cancelled',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const tasks = sqliteTable(
  'tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    type: text('type').notNull(),
    agent: text('agent').notNull(),
    state: text('state', { enum: TASK_STATES }).notNull(),
    priority: integer('priority').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: integer('lease_expires_at'),
    result: text('result'),
    /** Why the task last failed or was sent back (reject reason, revise notes, error). */
    note: text('note'),
    costMicros: integer('cost_micros').notNull().default(0),
    /** JSON of the check an answer must pass (e.g. {"kind":"json","fields":["name"]}); null: none. */
    check: text('check'),
    /** Build tasks: the project repository, the task's branch and worktree, the CLI session to resume. */
    project: text('project'),
    branch: text('branch'),
    worktree: text('worktree'),
    sessionId: text('session_id'),
    /** Where updates about the task go: platform and chat it came from. */
    platform: text('platform'),
    chatId: text('chat_id'),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [index('tasks_state_priority').on(t.state, t.priority, t.id)],
);

export const taskEvents = sqliteTable(
  'task_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    from: text('from_state'),
    to: text('to_state').notNull(),
    reason: text('reason'),
    actor: text('actor').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('task_events_task').on(t.taskId)],
);

export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').notNull(),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    chatId: text('chat_id').notNull(),
    /** The platform's id for the message (inbound: update/message id; outbound: set on delivery). */
    externalId: text('external_id'),
    userId: text('user_id'),
    text: text('text').notNull(),
    at: integer('at').notNull(),
    /** Inbound only: when Kev finished handling it; null means recorded but not yet handled. */
    handledAt: integer('handled_at'),
    /** Inbound only: the size of a message refused as too large (its text is then a stub); null otherwise. */
    refusedBytes: integer('refused_bytes'),
    /** Inbound tap only: the question answered and the option picked (`text` is then a display line). */
    choicePromptId: integer('choice_prompt_id'),
    choiceIndex: integer('choice_index'),
  },
  (t) => [
    uniqueIndex('messages_platform_external').on(t.platform, t.direction, t.externalId),
    index('messages_chat_at').on(t.platform, t.chatId, t.at),
  ],
);

export const memory = sqliteTable('memory', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: ['fact', 'decision', 'reminder'] })
    .notNull()
    .default('fact'),
  text: text('text').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const OUTBOX_KINDS = ['send', 'edit'] as const;

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').notNull(),
    chatId: text('chat_id').notNull(),
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull().default('send'),
    /** JSON of an OutgoingMessage. */
    payload: text('payload').notNull(),
    /** For an edit: the outbox row whose delivered message is edited. */
    refId: integer('ref_id'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    deliveredAt: integer('delivered_at'),
    /** The platform's message id once delivered (for later edits). */
    externalId: text('external_id'),
    /** Set when delivery stopped for good (e.g. the owner blocked the bot); never retried. */
    parkedAt: integer('parked_at'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('outbox_pending').on(t.deliveredAt, t.parkedAt, t.nextAttemptAt)],
);

export const prompts = sqliteTable('prompts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  platform: text('platform').notNull(),
  chatId: text('chat_id').notNull(),
  /** JSON array of { label, intent }: what each choice does. */
  options: text('options').notNull(),
  /** The outbox row that carried the question, so the answer can edit it. */
  outboxId: integer('outbox_id'),
  answeredAt: integer('answered_at'),
  answerIndex: integer('answer_index'),
  createdAt: integer('created_at').notNull(),
});

export const agentRuns = sqliteTable(
  'agent_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Null for Kev's own calls (reading a message, answering a question), which belong to no task. */
    taskId: integer('task_id').references(() => tasks.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    agent: text('agent').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    cachedTokens: integer('cached_tokens').notNull().default(0),
    costMicros: integer('cost_micros').notNull().default(0),
    durationMs: integer('duration_ms').notNull().default(0),
    /** ok, or a failure kind; "running" while the attempt is under way. */
    outcome: text('outcome').notNull(),
    error: text('error'),
    /** A rate limit's retry-after, as the provider said it. */
    retryAfterMs: integer('retry_after_ms'),
    /** How long Kev waited before retrying the same model (a short rate limit); null: it moved on. */
    waitedMs: integer('waited_ms'),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('agent_runs_task').on(t.taskId), index('agent_runs_started').on(t.startedAt)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * The WhatsApp session (Baileys credentials and signal keys, plus the transport's own small
 * records): one row per (type, id), the value a BufferJSON string written by src/bot.
 */
export const whatsappSession = sqliteTable(
  'whatsapp_session',
  {
    type: text('type').notNull(),
    id: text('id').notNull(),
    value: text('value').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.type, t.id] })],
);

export type TaskRow = typeof tasks.$inferSelect;
export type TaskEventRow = typeof taskEvents.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type MemoryRow = typeof memory.$inferSelect;
export type PromptRow = typeof prompts.$inferSelect;
export type AgentRunRow = typeof agentRuns.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

export * from './board-schema.js';
export * from './pipeline-schema.js';
export * from './schedule-schema.js';
