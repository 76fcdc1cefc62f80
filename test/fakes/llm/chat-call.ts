// Reading a recorded request back in one neutral shape, so a test asserts what Kev sent (key, system
// prompt, turns, limits, structured-output request) the same way whatever the vendor.

import type { IncomingHttpHeaders } from 'node:http';

export interface ChatCall {
  apiKey: string | undefined;
  model: string | undefined;
  system: string | undefined;
  maxOutputTokens: number | undefined;
  turns: Array<{ role: 'user' | 'assistant'; text: string }>;
  /** The structured-output request in the vendor's own shape, undefined when none was asked. */
  json: unknown;
  streamed: boolean;
}

/** A value deep inside parsed JSON, or undefined when any step is missing. */
export function dig(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export function bearer(headers: IncomingHttpHeaders): string | undefined {
  return headers.authorization?.replace(/^Bearer /, '');
}

export function turn(role: unknown, text: unknown): ChatCall['turns'][number] {
  return { role: role === 'assistant' || role === 'model' ? 'assistant' : 'user', text: str(text) ?? '' };
}
