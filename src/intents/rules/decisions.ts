// Decisions in casual words: "looks fine, merge #8", "scrap task 12, not what I meant", "bin #5",
// "11 is wrong, reject it". Read from the owner's own words only (quotes and forwards removed), and
// only when they name exactly one task; two readings that tie become a ranked question.

import type { ClarifyOption, Intent, ParseContext } from '../../ports/intents.js';
import { looksInjected, ownWords } from '../llm-parser/guard.js';
import { clarify, oneAtATime } from './clarify.js';
import { normalize } from './text.js';
import { correctWord } from './typos.js';

type Decision = 'approve' | 'reject' | 'cancel' | 'retry' | 'revise' | 'show';

/** Each row: the words that ask for a decision, and how sure they are (2 a verb, 1 a hint). */
const DECISION_WORDS: { kind: Decision; weight: number; words: RegExp }[] = [
  {
    kind: 'approve',
    weight: 2,
    words:
      /\b(?:approve[sd]?|ship(?: it)?|merge(?: it)?|lgtm|accept(?:ed)?|go ahead|good to go|green ?light|sign off|publish)\b/,
  },
  { kind: 'approve', weight: 1, words: /\b(?:looks?|is|it'?s) (?:good|fine|great|perfect)\b/ },
  { kind: 'reject', weight: 2, words: /\b(?:reject(?:ed)?|decline|veto|turn (?:it )?down|no to)\b/ },
  {
    kind: 'reject',
    weight: 1,
    words: /\b(?:not what i (?:asked|meant|wanted)|is(?:n'?t| not) what i|is wrong|nope|nah)\b/,
  },
  {
    kind: 'cancel',
    weight: 2,
    words:
      /\b(?:cancel|scrap|bin|ditch|toss|get rid of|kill|nuke|abort|drop|terminate|stop working on|forget about (?:task|job|#))\b/,
  },
  { kind: 'cancel', weight: 1, words: /\b(?:(?:don'?t|do not|no longer) need|not needed)\b/ },
  {
    kind: 'retry',
    weight: 2,
    words: /\b(?:retry|rerun|re-run|(?:try|run) (?:it |that )?again|another (?:go|shot|try)|one more time)\b/,
  },
  {
    kind: 'revise',
    weight: 2,
    words:
      /\b(?:revise|rework|rewrite|redo|tweak|needs (?:more|less|a|an|some|to)|make it|shorter|longer|punchier)\b/,
  },
  { kind: 'show', weight: 1, words: /\b(?:show(?: me)?|details (?:of|on|for)|open|pull up)\b/ },
];

const LABEL: Record<Decision, string> = {
  approve: 'Approve',
  reject: 'Reject',
  cancel: 'Cancel',
  retry: 'Retry',
  revise: 'Revise',
  show: 'Show',
};

/** Explicit task references: "#8", "task 12", "job 30". */
const EXPLICIT = /(?:\b(?:task|job)\s*#?\s*|#)(\d{1,9})\b/g;
/** A bare number counts as a task only at the start or right after a decision word or "on/with". */
const BARE =
  /(?:^|\b(?:approve|ship|merge|accept|reject|decline|veto|cancel|scrap|bin|kill|nuke|drop|abort|retry|rerun|redo|revise|rework|try|give|show(?: me)?|ditch|toss|need|on|with|to)\s+)(\d{1,6})\b(?!\s*(?:%|k\b|files?|pages?|repos?|users?|people|days?|weeks?|hours?|minutes?|mins?|times?|leads?|tasks|emails?|items?|bugs?|customers?|clients?|agencies|posts?|tweets?|words?|slides?|bullets?|px|ms|mb|gb|am|pm|eur|usd|dollars?|euros?))/g;
/** A clause that says not to do something: its verbs do not count. */
const NEGATED = /\b(?:don'?t|do not|dont|never|no need to)\b[^,.;!?]*/g;
/** A task number, a colon, then what to change. */
const ID_NOTES = /^(?:task\s*)?#?\d{1,6}\s*:\s*\S/;
/** Longer than this, a message is a request or a story, not a decision. */
const DECISION_LENGTH = 160;

/** "3, 4 and 5" after a first id: the rest of the list. */
const LIST_TAIL = /^((?:\s*(?:,|and|&|\+)\s*#?\d{1,6}\b)+)/;

function taskIds(own: string): number[] {
  const explicit = [...own.matchAll(EXPLICIT)].map((m) => Number(m[1]));
  if (explicit.length) return [...new Set(explicit)];
  const ids: number[] = [];
  for (const match of own.matchAll(BARE)) {
    ids.push(Number(match[1]));
    const tail = LIST_TAIL.exec(own.slice((match.index ?? 0) + match[0].length));
    for (const more of tail?.[1]?.match(/\d{1,6}/g) ?? []) ids.push(Number(more));
  }
  return [...new Set(ids)];
}

/** The decisions that have a one-tap-per-task question for several ids. */
const BULK_SAFE: ReadonlySet<Decision> = new Set(['approve', 'reject', 'cancel', 'retry']);

function intentOf(kind: Decision, taskId: number, notes: string): Intent {
  return kind === 'revise' ? { kind, taskId, notes } : { kind, taskId };
}

/** A decision about one named task, a ranked question when two readings tie, or undefined. */
export function readDecision(text: string, _context: ParseContext): Intent | undefined {
  if (looksInjected(text)) return undefined;
  const own = normalize(ownWords(text))
    .toLowerCase()
    .replace(/[a-z]+/g, (word) => correctWord(word));
  if (!own || own.length > DECISION_LENGTH) return undefined;
  const ids = taskIds(own);
  if (ids.length === 0) return undefined;
  const live = own.replace(NEGATED, ' ');
  const weights = new Map<Decision, number>();
  for (const row of DECISION_WORDS) {
    if (row.words.test(live)) weights.set(row.kind, Math.max(weights.get(row.kind) ?? 0, row.weight));
  }
  const ranked = [...weights].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  // "18: add a section about pricing": notes for a task named first.
  if (!best)
    return ids.length === 1 && ID_NOTES.test(own) ? intentOf('revise', ids[0]!, text.trim()) : undefined;
  if (ids.length > 1) return BULK_SAFE.has(best[0]) ? oneAtATime(best[0], ids.join(' and ')) : undefined;
  const taskId = ids[0]!;
  if (second && second[1] === best[1]) {
    const options: ClarifyOption[] = ranked.slice(0, 2).map(([kind]) => ({
      label: `${LABEL[kind]} #${taskId}`,
      intent: intentOf(kind, taskId, text.trim()),
    }));
    if (!weights.has('show')) options.push({ label: `Show #${taskId}`, intent: { kind: 'show', taskId } });
    return clarify(`What should I do with #${taskId}?`, options);
  }
  return intentOf(best[0], taskId, text.trim());
}
