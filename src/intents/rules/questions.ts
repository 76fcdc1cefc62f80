// Requests phrased as questions: "how is retention trending? pull the data" (an imperative after
// the question), "is it ok to store card numbers in our db?" (a question only a review can answer).
// These are work for an agent, not a chat answer and not a clarifying menu.

import type { TaskType } from '../../router/task-types.js';
import { startsWithTaskVerb, stripRequest } from './text.js';

/** What may open the words after a question and still ask for work. */
const TAIL_OPENER =
  /^(?:(?:and|so|then|pls|please|just|ok|okay|if so|if not|if yes|if it is|if it isn'?t|and if not)[,\s]+)*(?:tell me|give me|get me|let me know|show me|be honest|pull|crunch|chart|plot|add (?:it|them|those) up|work (?:it|that) out|sort (?:it|them|that) out|make (?:me )?a list|bring (?:it|them) back|put|have a look|take a look|check|see|dig|run the numbers|figure (?:it )?out|fix|write|find|look|research|summari[sz]e|triage|test|plan|build|draft|think (?:it|this|that) through|break (?:it|them|that) down)\b/i;
/** Tails that ask only for finding out: the task is research whatever the question is about. */
const RESEARCH_TAIL =
  /^(?!.*\b(?:fix|repair|build|write|deploy|patch|solve|sort)\b)(?:(?:and|so|then|pls|please|just)[,\s]+)*(?:find out|look into (?:it|that|this)|research (?:it|that|this)|find (?:some|me some|a few|them|out more)|look (?:it|that) up|make (?:me )?a list)\b[^,;]*$/i;

/** Tails that ask only for words: the task is content. */
const WRITING_TAIL =
  /^(?:(?:and|so|then|pls|please|just)[,\s]+)*(?:draft|write|pen) (?:something|one|a few|some|it|that|me one)\b/i;

/** Questions about whether something is allowed: only a legal review answers them. */
const LEGAL_QUESTION =
  /\b(?:is it (?:ok|okay|legal|allowed|fine|lawful) (?:to|for us to|if we)|(?:are|r) we (?:allowed|compliant|legally|gdpr|ccpa|hipaa|soc ?2)|can we (?:legally|lawfully)|(?:legal|lawful|allowed) (?:to|for us to)|do we need (?:a |an |to )?(?:lawyer|dpa|cookie banner|consent|licen[cs]e|permission|privacy policy|terms)|without (?:a |an |their )?(?:licen[cs]e|permission|consent))\b/i;

/** Question types Kev cannot answer from the queue or memory: the owner wants the agent's review. */
export const REVIEW_QUESTION_TYPES: ReadonlySet<TaskType> = new Set([
  'legal_review',
  'ui_review',
  'qa',
  'analytics',
  'finance',
  'analysis',
  'summarize',
]);

export interface QuestionRequest {
  /** The type the tail alone decides (research tails), else undefined: place the whole text. */
  type?: TaskType;
}

/** The words after the last question mark, when they ask for work. */
export function imperativeTail(plain: string): string | undefined {
  const at = plain.lastIndexOf('?');
  if (at < 0) return undefined;
  const tail = plain
    .slice(at + 1)
    .replace(/^[\s?!.,:;—–-]+/, '')
    .trim();
  if (!tail) return undefined;
  return TAIL_OPENER.test(tail) || startsWithTaskVerb(stripRequest(tail).text) ? tail : undefined;
}

/** A question that is a request: by its tail, or because it asks whether something is allowed. */
export function questionRequest(plain: string): QuestionRequest | undefined {
  const tail = imperativeTail(plain);
  if (tail) {
    if (RESEARCH_TAIL.test(tail)) return { type: 'research' };
    return WRITING_TAIL.test(tail) ? { type: 'content' } : {};
  }
  if (LEGAL_QUESTION.test(plain)) return { type: 'legal_review' };
  return undefined;
}
