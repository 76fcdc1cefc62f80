// Splits one message into several task texts at newlines, bullets, ";" and " and "/" then", but
// only where the next piece opens like a task ("… and draft a PRD"); other pieces stay joined.

import { normalize, SCAN_LIMIT } from './text.js';

const SEPARATOR = /(\n+|;\s*|,?\s+(?:and then|and also|and|then|also|plus)\s+)/i;
const BULLET = /^\s*(?:[-*•‣◦▪>]|\d+[.)]|\[[ xX]?\])\s+/;
const WORDS_IN_A_TASK = 2;
/** More pieces than this is a pasted list or a document, kept whole as one task. */
const MAX_TASKS = 10;

/** The pieces of a multi-task message, or [] when it reads as one task. */
export function splitTasks(text: string, opensTask: (piece: string) => boolean): string[] {
  if (text.length > SCAN_LIMIT) return [];
  const pieces = normalize(text).split(SEPARATOR);
  const opens = (piece: string) => piece.split(/\s+/).length >= WORDS_IN_A_TASK && opensTask(piece);
  const parts: string[] = [];
  for (let index = 0; index < pieces.length; index += 2) {
    const piece = (pieces[index] ?? '').replace(BULLET, '').trim();
    if (!piece) continue;
    const opening = opens(piece);
    if (opening || parts.length === 0) {
      if (!opening && /:$/.test(piece) && index + 1 < pieces.length) continue;
      parts.push(piece);
    } else {
      const separator = (pieces[index - 1] ?? ' ').includes('\n') ? ' ' : pieces[index - 1];
      parts[parts.length - 1] += `${separator}${piece}`;
    }
  }
  return parts.length >= 2 && parts.length <= MAX_TASKS && parts.every(opens) ? parts : [];
}
