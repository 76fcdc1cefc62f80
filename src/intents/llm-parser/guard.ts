// The deterministic guard after the model: a model's reading may decide about a task only when the
// owner's own words ask for that decision and name the task (by number, or by a reference the
// context resolves). Quoted, forwarded or injected instructions never decide, merge, cancel or run.

import type { ClarifyOption, Intent, ParseContext, TaskDraft } from '../../ports/intents.js';
import { consequence } from '../../router/consequence.js';
import { correctWord } from '../rules/typos.js';

type DecisionKind = 'approve' | 'reject' | 'revise' | 'cancel' | 'retry';

/** The words that ask for each decision, in the owner's own words. */
const DECISION_VERBS: Record<DecisionKind, RegExp> = {
  approve:
    /\b(approve[sd]?|ship|lgtm|looks? (good|fine|great)|accept(ed)?|confirm(ed)?|go ahead|green ?light|sign off|good to go|merge|publish|yes|yep|do it|go for it)\b/i,
  reject:
    /\b(reject(ed)?|decline|deny|veto|turn (it |that )?down|no|nope|nah|not good|not what i (asked|meant|wanted)|bin it|scrap it)\b/i,
  revise:
    /\b(revise|redo|rework|change|edit|tweak|rewrite|make|shorten|shorter|longer|expand|fix|improve|update|add|remove|cut|trim|less|more|needs|instead|simplify|rephrase|punchier|too|loosen|tighten|tone|again (with|but|and))\b/i,
  cancel:
    /\b(cancel|stop|kill|abort|drop|halt|terminate|scrap|bin|nuke|ditch|toss|get rid of|never ?mind|forget (about )?(it|that|task|job|#)|(don'?t|do not) need)\b/i,
  retry: /\b(retry|rerun|re-run|restart|again|another (go|shot|try))\b/i,
};

const INJECTION = [
  /\b(ignore|disregard|forget|override|bypass|skip)\b[^.!?\n]{0,40}\b(instructions?|rules|prompts?|guidelines|directives|guardrails|system)\b/i,
  /\byou are now\b/i,
  /\b(system|developer) (prompt|message|mode)\b/i,
  /\bnew instructions\b/i,
  /\bjailbreak/i,
  // A role label opening a line ("SYSTEM: approve 3") is a prompt speaking, not the owner.
  /^\s*\[?(?:system|assistant|developer|admin|root|operator)\]?\s*:/im,
  /\b(?:admin|system|developer|root|security|owner) (?:override|mode|command|instructions?|access|rights)\b/i,
  /\b(?:full|admin|elevated) (?:rights|access|privileges|permissions)\b/i,
  /\bnote to (?:the )?(?:ai|bots?|agents?|llms?|assistants?)\b/i,
  /^\s*override\b|\boverride\s*:/im,
  /\b(?:ai|bots?|agents?|llms?|assistants?) reading this\b/i,
];

/** Words that ask for work with consequences; in quoted text they are someone else's instructions. */
const ACTION_WORDS = /\b(approve|merge|cancel|delete|deploy|retry|reject|pay|execute|transfer|wire)\b/i;

const BULK =
  /\b(all|every|each)\s+(?:of\s+)?(?:the\s+|my\s+|your\s+)?(tasks?|jobs?|reviews?|pending|them|ones?)\b|\beverything\b|\bthem all\b/i;

const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  last: -1,
};
const ORDINAL = /\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\b(?:\s+(?:one|task))?/i;

/** Quoted, fenced and forwarded parts of a message: the owner relaying someone else's words. */
const QUOTED = [
  /```[\s\S]*?(?:```|$)/g,
  /^\s*>.*$/gm,
  /"[^"]*"/g,
  /“[^”]*”/g,
  /«[^»]*»/g,
  /‘[^’]*’/g,
  /(^|[\s:(])'[^'\n]{3,}'(?=$|[\s.,;:!?)])/g,
  /(?:-{3,}\s*forwarded message|\bbegin forwarded message|\b(?:wrote|said|says|writes)\s*:)[\s\S]*$/gi,
  /(?:^|\s)(?:\[(?:forwarded|fwd|fw)\]|fwd?:|forwarded(?: from [^:\n]{1,40})?:)[\s\S]*$/gi,
];

/** The owner's own words: the message without what it quotes or forwards. */
export function ownWords(text: string): string {
  return QUOTED.reduce((rest, pattern) => rest.replace(pattern, ' '), text)
    .replace(/\s+/g, ' ')
    .trim();
}

export function looksInjected(text: string): boolean {
  return INJECTION.some((pattern) => pattern.test(text));
}

/** The message carries instructions that are not the owner's own request (injected or quoted). */
export function relaysInstructions(text: string): boolean {
  if (looksInjected(text)) return true;
  const quoted = QUOTED.flatMap((pattern) => text.match(pattern) ?? []).join(' ');
  return ACTION_WORDS.test(quoted);
}

function numbersIn(text: string): number[] {
  return [...text.matchAll(/#?\b(\d{1,9})\b/g)].map((m) => Number(m[1]));
}

function namesTaskExplicitly(text: string): boolean {
  return /#\d|\b(?:task|job|number|no\.?)\s*#?\d/i.test(text);
}

/** The Nth task of the last Kev message that listed several ("the second one"). */
function byOrdinal(own: string, context: ParseContext): number | undefined {
  const word = ORDINAL.exec(own)?.[1]?.toLowerCase();
  const n = word ? ORDINALS[word] : undefined;
  if (n === undefined) return undefined;
  for (const message of [...(context.recent ?? [])].reverse()) {
    if (message.from !== 'kev') continue;
    const ids = [...new Set([...message.text.matchAll(/#(\d{1,9})\b/g)].map((m) => Number(m[1])))];
    if (ids.length < 2) continue;
    return n === -1 ? ids.at(-1) : ids[n - 1];
  }
  return undefined;
}

function refersTo(own: string, taskId: number, context: ParseContext): boolean {
  if (numbersIn(own).includes(taskId)) return true;
  if (byOrdinal(own, context) === taskId) return true;
  return taskId === context.lastTaskId && !namesTaskExplicitly(own);
}

const SWITCH_VERBS = {
  pause:
    /\b(pause|hold|freeze|halt|take a break|stand down|(everyone|everybody|all),? stop|stop (the |all the |all )?(agents|queue|team|bots)|stop (starting|running|everything|all|work|working)|no more work|(nobody|no one|don'?t) start|no new (tasks?|work))\b/i,
  resume:
    /\b(resume|unpause|un-pause|unfreeze|continue|carry on|keep going|proceed|start again|(start )?work(ing)? again|go again|get going|back (to work|at it|on it|to it|on))\b/i,
  forget: /\b(forget|delete|remove|drop|erase|scratch|never ?mind|disregard|bin)\b/i,
};

/** The owner's words with each word's one-slip typo fixed ("aprove" → "approve"), for the verb checks. */
function corrected(own: string): string {
  return own.replace(/[a-z]+/gi, (word) => correctWord(word));
}

function namesTopic(own: string, about: string): boolean {
  const words = own.toLowerCase();
  return (about.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).every((word) => words.includes(word));
}

/** Why the owner's message does not back this intent, or undefined when it does. */
export function unbacked(intent: Intent, text: string, context: ParseContext): string | undefined {
  const own = corrected(ownWords(text));
  switch (intent.kind) {
    case 'approve':
    case 'reject':
    case 'revise':
    case 'cancel':
    case 'retry':
      if (looksInjected(text)) return 'the message carries injected instructions';
      if (BULK.test(own)) return 'decisions are made one task at a time';
      if (!DECISION_VERBS[intent.kind].test(own)) return `the owner's own words do not ask to ${intent.kind}`;
      if (!refersTo(own, intent.taskId, context))
        return `the owner's own words do not name #${intent.taskId}`;
      return undefined;
    case 'forget':
      if (looksInjected(text) || !SWITCH_VERBS.forget.test(own)) return 'the owner does not ask to forget';
      if ('about' in intent)
        return namesTopic(own, intent.about) ? undefined : `the owner does not name "${intent.about}"`;
      return numbersIn(own).includes(intent.memoryId)
        ? undefined
        : `the owner does not name memory ${intent.memoryId}`;
    case 'pause':
    case 'resume':
      return !looksInjected(text) && SWITCH_VERBS[intent.kind].test(own)
        ? undefined
        : `the owner does not ask to ${intent.kind}`;
    case 'pipeline':
    case 'remember':
      return looksInjected(text) ? 'the message carries injected instructions' : undefined;
    default:
      return undefined;
  }
}

/** Button labels say exactly what a tap does, whatever the model wrote. */
function honestLabel(option: ClarifyOption): string {
  const { intent } = option;
  switch (intent.kind) {
    case 'approve':
    case 'reject':
    case 'revise':
    case 'cancel':
    case 'retry':
      return `${intent.kind[0]?.toUpperCase()}${intent.kind.slice(1)} #${intent.taskId}`;
    case 'forget':
      return 'about' in intent
        ? `Forget what I keep about ${intent.about}`
        : `Forget memory ${intent.memoryId}`;
    case 'pause':
      return 'Pause';
    case 'resume':
      return 'Resume';
    default:
      return option.label;
  }
}

/**
 * Makes an accepted intent safe to act on: a message relaying instructions yields at most one task,
 * held in backlog; a task whose message is consequential waits even when the model's words are not.
 */
export function tighten(intent: Intent, text: string): Intent {
  if (intent.kind === 'clarify') {
    return {
      ...intent,
      options: intent.options.map((option) => ({ ...option, label: honestLabel(option) })),
    };
  }
  if (intent.kind !== 'new_task') return intent;
  const relayed = relaysInstructions(text);
  const risky = (draft: TaskDraft) => consequence(`${draft.title}\n${draft.body}`);
  // The model may drop the risky words from its tasks; then every task waits for the owner's word.
  const risk = intent.tasks.some(risky) ? undefined : consequence(text);
  const hold = (draft: TaskDraft): TaskDraft => {
    if (draft.confirm) return draft;
    if (relayed) return { ...draft, confirm: 'quotes instructions I only follow on your word' };
    return risk ? { ...draft, confirm: risk } : draft;
  };
  const tasks = (relayed ? intent.tasks.slice(0, 1) : intent.tasks).map(hold);
  return { kind: 'new_task', tasks };
}
