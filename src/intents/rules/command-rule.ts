// The shape of a command-like rule ("approve 3", "what's the status?") and the helpers rows share.
// Command rows match the whole message, so a command buried inside other text never fires.

import type { Intent, IntentKind, ParseContext } from '../../ports/intents.js';

export interface CommandRule {
  kind: IntentKind;
  patterns: RegExp[];
  /** The intent for a match; a row may ask (clarify) instead of acting. */
  build: (match: RegExpExecArray, context: ParseContext) => Intent;
  /** Rows that carry free text (a fact, an idea) also match messages longer than a command. */
  long?: boolean;
}

/** A task id as people type it: "12", "#12", "task 12", "task #12". Captures the number. */
export const ID = '(?:(?:task|job)\\s*)?#?\\s*(\\d{1,9})';

/** Whole-message, case-insensitive patterns. */
export function whole(...sources: string[]): RegExp[] {
  return sources.map((source) => new RegExp(`^(?:${source})$`, 'i'));
}

export function idOf(match: RegExpExecArray): number {
  return Number(match[1]);
}

/** The last non-empty capture after the id: a reason, notes, a fact, an idea. */
export function textOf(match: RegExpExecArray, from = 1): string | undefined {
  for (let index = match.length - 1; index >= from; index--) {
    const value = match[index]?.trim();
    if (value) return value;
  }
  return undefined;
}
