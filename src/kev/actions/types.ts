// What an action (the handler of one intent) gets and gives back. Actions are synchronous so the
// whole handling of a message (state change, replies, "handled" mark) is one SQLite transaction.

import type { Store } from '../../db/index.js';
import type { ClarifyOption, Intent, IntentKind } from '../../ports/intents.js';
import type { Provider } from '../../router/catalogue.js';
import type { Policy } from '../../router/policy.js';
import type { PipelinePlan } from '../pipeline/stages.js';
import type { ScheduledJob } from '../schedules/table.js';

export interface ChatRef {
  platform: string;
  chatId: string;
}

export interface ActionContext {
  store: Store;
  policy: Policy;
  chat: ChatRef;
  now: number;
  timezone: string;
  /** confirmAboveUsd: a task whose first call may cost more waits for a confirmation (default 0.50). */
  budget: { dailyUsd: number; taskUsd: number; confirmAboveUsd?: number };
  configured: ReadonlySet<Provider>;
  parserName: string;
  /** The scheduled jobs as configured (defaults when unset). */
  schedules?: readonly ScheduledJob[];
  /** The stages a new pipeline gets (the defaults, or the owner's from kev.config.json). */
  pipelinePlan?: PipelinePlan;
}

export interface Reply {
  text: string;
  choices?: ClarifyOption[];
  document?: { filename: string; content: string; caption?: string };
  /** The text carries a model's Markdown (a result); transports that format it do. */
  markdown?: boolean;
}

/** The next plain message from the owner answers this question. */
export type Awaiting = { kind: 'revise'; taskId: number };

export interface ActionResult {
  replies: Reply[];
  /** A short acknowledgement for a button tap. */
  toast?: string;
  /** The task the conversation is about now ("approve it" refers to it). */
  focusTaskId?: number;
  /** A decision on a task: open questions about it are closed and their messages updated. */
  decided?: { taskId: number; note: string };
  /** Set to wait for a follow-up answer; null to stop waiting. */
  awaiting?: Awaiting | null;
}

export type Action<K extends IntentKind = IntentKind> = (
  intent: Extract<Intent, { kind: K }>,
  ctx: ActionContext,
) => ActionResult;

export function say(...texts: string[]): ActionResult {
  return { replies: texts.map((text) => ({ text })) };
}
