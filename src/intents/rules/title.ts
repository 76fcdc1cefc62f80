// Task titles from free text: the first line, without the filler people open a request with.

import { normalize, SCAN_LIMIT } from './text.js';
import { correctLeadingTypo } from './typos.js';

const MAX_TITLE = 80;
const BULLET = /^(?:[-*•‣◦▪>]|\d+[.)]|\[[ xX]?\])\s+/;
const LEAD_FILLER =
  /^(?:(?:hey|hi|hello|yo|ok|okay|so|alright|also|and|now|btw|quick one|quick q)\b\s*[,!.:-]?\s*|@?kev\b[,:!.-]?\s*|(?:please|pls|plz|kindly|just)\b[,]?\s*|(?:can|could|would|will)\s+(?:you|u)\b\s*|(?:would you|do you) mind\s+|i(?:'d| would)? (?:need|want|like) (?:you|u) to\s+|go ahead and\s+)/i;
const INLINE_PLEASE = /\s+(?:please|pls|plz)(?=[,:;.!?])/gi;
const TRAIL_FILLER = /(?:[\s,]+(?:please|pls|plz|thanks|thank you|thx|ty|kev))+[\s.!?]*$/i;

function cut(text: string): string {
  if (text.length <= MAX_TITLE) return text;
  const head = text.slice(0, MAX_TITLE - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > MAX_TITLE / 2 ? head.slice(0, space) : head).replace(/[\s,;:.-]+$/, '')}…`;
}

/** A short title for a task from free text: first line, leading filler removed, <= 80 chars, ellipsis when cut. */
export function titleFrom(text: string): string {
  const lines = normalize(text.slice(0, SCAN_LIMIT))
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim().replace(BULLET, ''))
    .filter((line) => /[\p{L}\p{N}]/u.test(line));
  const first = lines[0] ?? '';
  let title = first;
  for (let previous = ''; previous !== title; ) {
    previous = title;
    title = title.replace(LEAD_FILLER, '').replace(TRAIL_FILLER, '').replace(INLINE_PLEASE, '');
  }
  title = correctLeadingTypo(title.replace(/[\s,;:.!]+$/, '').trim()) || first.trim();
  if (!title) return 'Untitled task';
  return cut(title.charAt(0).toUpperCase() + title.slice(1));
}
