// The intent structure: what a message means, whichever parser (offline rules or a model) read it.
// Everything downstream of a parser, and every slash command, works on these values only.

import type { TaskType } from '../router/task-types.js';

export const INTENT_KINDS = [
  'new_task',
  'status',
  'queue',
  'show',
  'approve',
  'reject',
  'revise',
  'cancel',
  'retry',
  'remember',
  'forget',
  'memory',
  'brief',
  'help',
  'start',
  'agents',
  'cost',
  'pause',
  'resume',
  'pipeline',
  'schedules',
  'topics',
  'pipelines',
  'chat',
  'clarify',
] as const;

export type IntentKind = (typeof INTENT_KINDS)[number];

export interface TaskDraft {
  title: string;
  /** The full text the task came from (kept whole, however long). */
  body: string;
  type: TaskType;
  agent: string;
  /** Why Kev must ask before queueing it, when a parser already knows (e.g. it quotes instructions). */
  confirm?: string;
}

export interface ClarifyOption {
  label: string;
  intent: Intent;
}

export type Intent =
  | { kind: 'new_task'; tasks: TaskDraft[] }
  | { kind: 'status' }
  | { kind: 'queue'; state?: string }
  /** whole: the complete result (/result), as a document when long. */
  | { kind: 'show'; taskId: number; whole?: boolean }
  | { kind: 'approve'; taskId: number }
  | { kind: 'reject'; taskId: number; reason?: string }
  | { kind: 'revise'; taskId: number; notes?: string }
  | { kind: 'cancel'; taskId: number }
  | { kind: 'retry'; taskId: number }
  | { kind: 'remember'; fact: string /** Shown in every brief until forgotten. */; reminder?: boolean }
  | { kind: 'forget'; memoryId: number }
  /** "forget what I said about weekly reports": the fact is found by its words when the action runs. */
  | { kind: 'forget'; about: string }
  | { kind: 'memory' }
  | { kind: 'brief' }
  | { kind: 'help' }
  /** `greeting` holds the owner's words when the message was a hello ("morning Kev!"), not /start. */
  | { kind: 'start'; greeting?: string }
  | { kind: 'agents' }
  | { kind: 'cost' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'pipeline'; idea: string }
  | { kind: 'schedules'; action?: 'pause' | 'resume'; job?: string }
  | { kind: 'topics'; action?: 'add' | 'remove'; topic?: string }
  /** The pipelines: list them, or resume a stopped one (only by command: it starts spending again). */
  | { kind: 'pipelines'; resume?: number }
  /** `answer` is filled before the action runs when a model answered the question from the queue and memory. */
  | { kind: 'chat'; question: string; answer?: string }
  | { kind: 'clarify'; question: string; options: ClarifyOption[] };

/** The intents that name a task by id. */
export type TaskIntent = Extract<Intent, { taskId: number }>;

export function taskIdOf(intent: Intent): number | undefined {
  return 'taskId' in intent ? intent.taskId : undefined;
}

/** Context a parser may use to resolve references ("approve it", "the second one"). */
export interface ParseContext {
  /** The task the conversation is about: the last one created, shown or sent for review. */
  lastTaskId?: number;
  /** The last messages of the chat, oldest first, without the one being parsed. */
  recent?: Array<{ from: 'owner' | 'kev'; text: string }>;
  /** Remembered facts and decisions most relevant to the message, best first. */
  memory?: string[];
}

/** What a chat answer may draw on: lines about tasks and remembered facts. */
export interface ChatFacts {
  tasks: string[];
  memory: string[];
}

/** Contract: never throws; returns one intent for any text, `clarify` when unsure. */
export interface IntentParser {
  readonly name: string;
  parse(text: string, context: ParseContext): Promise<Intent>;
  /**
   * Answers a question from the given facts only, or undefined (no model, or it failed): then the
   * offline chat action answers. Never throws.
   */
  answerQuestion?(question: string, facts: ChatFacts): Promise<string | undefined>;
}
