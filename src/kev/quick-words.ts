// Everyday words answered without the parser and without waiting behind a slow model call:
// "stop"/"abort" (cancel the running task, or ask which), yes/no/ok for the open question,
// "thanks". A table of rows; the first whose pattern matches the whole message decides.

import type { Store } from '../db/index.js';
import { PromptOptionsSchema } from '../ports/intent-schema.js';
import type { ClarifyOption, Intent } from '../ports/intents.js';
import { parseStored } from '../shared/parse-stored.js';
import type { ChatRef } from './actions/index.js';
import { excerpt } from './format.js';

export type QuickPlan =
  | { intent: Intent }
  | { choice: { promptId: number; index: number } }
  | { reply: string }
  | undefined;

interface QuickContext {
  store: Store;
  chat: ChatRef;
}

interface QuickRow {
  pattern: RegExp;
  resolve(context: QuickContext): QuickPlan;
}

const TAIL = '[\\s.!]*';
const whole = (words: string) => new RegExp(`^(?:${words})${TAIL}$`, 'i');

/** "stop" while one task runs cancels it; with several Kev asks which; with none it says so. */
export function stopRunning(store: Store): Intent | string {
  const running = store.tasks.list({ states: ['in_progress'], limit: 10 });
  const [only] = running;
  if (!only) return 'Nothing is running, so there is nothing to stop. /pause keeps new work from starting.';
  if (running.length === 1) return { kind: 'cancel', taskId: only.id };
  const options: ClarifyOption[] = running.map((t) => ({
    label: `Cancel #${t.id} ${excerpt(t.title, 30)}`,
    intent: { kind: 'cancel', taskId: t.id },
  }));
  options.push({ label: 'Pause all work', intent: { kind: 'pause' } });
  return {
    kind: 'clarify',
    question: `${running.length} tasks are running. Which one should I stop?`,
    options,
  };
}

/** The open question's option whose label starts with one of `labels`, as a choice. */
function answerOpen(context: QuickContext, labels: RegExp): QuickPlan {
  const prompt = context.store.prompts.latestOpen(context.chat.platform, context.chat.chatId);
  if (!prompt) return undefined;
  const stored = parseStored(PromptOptionsSchema, prompt.options);
  if (!stored.ok) return undefined;
  const index = stored.value.findIndex((o) => labels.test(o.label));
  return index >= 0 ? { choice: { promptId: prompt.id, index } } : undefined;
}

// A review's Approve is never taken from a bare "ok": approving wants the word itself.
const YES = /^(?:yes|confirm)\b/i;
const NO = /^(?:no|cancel)\b/i;

const QUICK_WORDS: QuickRow[] = [
  {
    pattern: whole('stop|abort|stop it|abort it|stop that|halt|kill it'),
    resolve: ({ store }) => {
      const plan = stopRunning(store);
      return typeof plan === 'string' ? { reply: plan } : { intent: plan };
    },
  },
  {
    pattern: whole('yes|yep|yeah|yes please|confirm|confirmed|go ahead|do it|ok|okay|sure'),
    resolve: (context) => answerOpen(context, YES),
  },
  { pattern: whole("no|nope|nah|no thanks|don'?t"), resolve: (context) => answerOpen(context, NO) },
  {
    pattern: whole('thanks|thank you|thanks kev|thank you kev|thx|ty|cheers|ta|much appreciated'),
    resolve: () => ({ reply: "You're welcome!" }),
  },
];

/** The whole-message words that never wait behind a model call. */
export function isQuickWord(text: string): boolean {
  return QUICK_WORDS.some((row) => row.pattern.test(text.trim()));
}

/** What a quick word means here and now; undefined lets the message go on to the parser. */
export function quickPlan(text: string, context: QuickContext): QuickPlan {
  const row = QUICK_WORDS.find((r) => r.pattern.test(text.trim()));
  return row?.resolve(context);
}
