// Reads a JSON column back through a zod schema: the value, or one sentence saying why the row no
// longer parses (so the caller can park it and log, instead of casting and failing later).

import type { z } from 'zod';

export type Stored<T> = { ok: true; value: T } | { ok: false; why: string };

export function parseStored<T>(schema: z.ZodType<T>, json: string): Stored<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, why: `not JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, why: `${issue?.path.join('.') || 'the value'}: ${issue?.message ?? 'invalid'}` };
}
