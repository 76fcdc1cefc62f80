// The data layer's public face: open one Store and get every repository over the same connection.

import { BuildRecords } from './builds.js';
import { closeDb, type Db, openDb } from './connection.js';
import { Conversation } from './conversation.js';
import { Durability } from './durability.js';
import { Ledger, type LedgerLog } from './ledger.js';
import { Memory } from './memory.js';
import { Outbox } from './outbox.js';
import { PipelineRecords } from './pipelines.js';
import { Prompts } from './prompts.js';
import { type Clock, TaskQueue } from './queue.js';
import { ScheduleBook } from './schedules.js';
import { Settings } from './settings.js';
import { Topics } from './topics.js';
import { WhatsAppSessionRows } from './whatsapp-session.js';

export {
  BoardReads,
  type ChangeMark,
  type QueueFilter,
  type QueuePage,
  type QueueRow,
  type SpendBucket,
} from './board-reads.js';
export { BoardTokens, LOGIN_TOKEN_TTL_MS } from './board-tokens.js';
export { type BuildPatch, BuildRecords, MERGE_REQUESTED } from './builds.js';
export type { Db } from './connection.js';
export { migrationStatus } from './connection.js';
export type { RecordOutcome } from './conversation.js';
export { Durability, PRAGMAS, SYNC_SOON_MS } from './durability.js';
export type { FinishOutcome, LedgerLog, RunFinish, RunStart, SpendLine } from './ledger.js';
export type { PipelineRow, PipelineRunRow, PipelineState } from './pipeline-schema.js';
export { PIPELINE_STATES } from './pipeline-schema.js';
export { type NewPipeline, PipelineRecords } from './pipelines.js';
export type { AnswerOutcome } from './prompts.js';
export {
  type Clock,
  canTransition,
  IllegalTransitionError,
  LeaseError,
  type NewTask,
  TaskNotFoundError,
  TaskQueue,
} from './queue.js';
export type { ClaimOutcome, JobState, RunEnd, SlotRef } from './schedules.js';
export { ScheduleBook } from './schedules.js';
export type {
  AgentRunRow,
  MemoryRow,
  MessageRow,
  OutboxRow,
  PromptRow,
  RunOutcome,
  ScheduleRunRow,
  TaskEventRow,
  TaskRow,
  TaskState,
  TopicRow,
} from './schema.js';
export { TASK_STATES } from './schema.js';
export { MAX_TOPIC_CHARS, Topics } from './topics.js';
export { type SessionEntry, WhatsAppSessionRows } from './whatsapp-session.js';

export interface Store {
  db: Db;
  tasks: TaskQueue;
  outbox: Outbox;
  conversation: Conversation;
  memory: Memory;
  prompts: Prompts;
  settings: Settings;
  ledger: Ledger;
  builds: BuildRecords;
  schedules: ScheduleBook;
  topics: Topics;
  pipelines: PipelineRecords;
  whatsapp: WhatsAppSessionRows;
  /** When commits reach the disk: sync() before confirming receipt or spending, soon() after a change. */
  durability: Durability;
  close(): void;
}

export interface StoreOptions {
  /** Where the ledger reports a run it could not close cleanly. */
  log?: LedgerLog;
}

export function openStore(file: string, clock: Clock = Date.now, options: StoreOptions = {}): Store {
  const db = openDb({ file });
  const durability = new Durability(db.$client);
  const tasks = new TaskQueue(db, clock);
  return {
    db,
    tasks,
    outbox: new Outbox(db, clock),
    conversation: new Conversation(db, clock),
    memory: new Memory(db, clock),
    prompts: new Prompts(db, clock),
    settings: new Settings(db, clock),
    ledger: new Ledger(db, clock, options.log, () => durability.sync()),
    builds: new BuildRecords(db, tasks, clock),
    schedules: new ScheduleBook(db),
    topics: new Topics(db, clock),
    pipelines: new PipelineRecords(db, clock),
    whatsapp: new WhatsAppSessionRows(db, clock),
    durability,
    close: () => {
      durability.close();
      closeDb(db);
    },
  };
}
