// Forgetting a fact by what it says ("forget what I said about weekly reports"): one fact that
// carries every word of the topic is deleted; several, or only partial matches, get a ranked choice.

import type { MemoryRow } from '../../db/index.js';
import type { ClarifyOption } from '../../ports/intents.js';
import { excerpt } from '../format.js';
import type { ActionContext, ActionResult } from './types.js';
import { say } from './types.js';

const FILLER = new Set(
  'the a an my our your that this what about said told thing things stuff note notes fact facts memory bit part i me we us you'.split(
    ' ',
  ),
);
/** Offered at most: two facts and a way to look at all of them. */
const CHOICES = 2;

function stem(word: string): string {
  return word.replace(/(?:'s|ies|es|s)$/, '');
}

function topicWords(about: string): string[] {
  return (about.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !FILLER.has(w)).map(stem);
}

function carriesAll(row: MemoryRow, words: string[]): boolean {
  const have = (row.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(stem);
  return words.every((word) => have.some((h) => h === word || (word.length >= 4 && h.startsWith(word))));
}

function choice(row: MemoryRow): ClarifyOption {
  return {
    label: `Forget ${row.id}: ${excerpt(row.text, 60)}`,
    intent: { kind: 'forget', memoryId: row.id },
  };
}

export function forgetAbout(about: string, ctx: ActionContext): ActionResult {
  const words = topicWords(about);
  const found = ctx.store.memory.search(about, 10).filter((row) => row.kind === 'fact');
  const exact = words.length ? found.filter((row) => carriesAll(row, words)) : [];
  const only = exact.length === 1 ? exact[0] : undefined;
  if (only) {
    ctx.store.memory.remove(only.id);
    return say(`Forgotten (memory ${only.id}): ${excerpt(only.text, 200)}`);
  }
  const candidates = exact.length ? exact : found;
  if (!candidates.length) return say(`I keep nothing about “${about}”. /memory lists what I remember.`);
  const question = exact.length
    ? `${exact.length} memories match “${about}”. Which should I forget?`
    : `Nothing I keep matches “${about}” exactly. Did you mean one of these?`;
  const options = [
    ...candidates.slice(0, CHOICES).map(choice),
    { label: 'Show all I remember', intent: { kind: 'memory' } } as ClarifyOption,
  ];
  return { replies: [{ text: question, choices: options }] };
}
