// Defensive readers for provider JSON: an answer missing a field Kev relies on is 'malformed', not a crash.

import { MalformedResponseError } from './errors.js';

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, path: string): Json {
  if (!isRecord(value)) throw new MalformedResponseError(`answer has no object at ${path}`);
  return value;
}

export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new MalformedResponseError(`answer has no array at ${path}`);
  return value;
}

export function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new MalformedResponseError(`answer has no token count at ${path}`);
  }
  return value;
}

/** Vendors omit zero counts (Gemini) or send null (Anthropic cache fields). */
export function optionalCount(value: unknown, path: string): number {
  return value === undefined || value === null ? 0 : count(value, path);
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
