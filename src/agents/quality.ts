// The quality check an answer must pass before it goes to review: not empty, not a refusal, and
// (when the task declares one) valid JSON with the fields the task asked for.

export interface TaskCheck {
  kind: 'json';
  fields: string[];
}

export type QualityVerdict = { ok: true } | { ok: false; reason: string };

const REFUSALS = [
  /^\s*(i'?m sorry,? (but )?)?i (can(no|')t|am unable to|won'?t) (help|assist|do|comply|complete)/i,
  /^\s*as an ai( language model)?,? i (can(no|')t|am unable)/i,
  /^\s*i must decline/i,
];

export function parseCheck(raw: string | null | undefined): TaskCheck | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as TaskCheck;
    return value.kind === 'json' && Array.isArray(value.fields) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Pulls a JSON value out of an answer that may wrap it in a ```json fence. */
function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  return JSON.parse((fenced?.[1] ?? text).trim());
}

export function checkAnswer(text: string, check?: TaskCheck): QualityVerdict {
  if (!text.trim()) return { ok: false, reason: 'the answer was empty' };
  if (REFUSALS.some((r) => r.test(text))) return { ok: false, reason: 'the model refused the task' };
  if (!check) return { ok: true };
  let value: unknown;
  try {
    value = extractJson(text);
  } catch {
    return { ok: false, reason: 'the answer was not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'the answer was not a JSON object' };
  }
  const missing = check.fields.filter((f) => !(f in value));
  return missing.length ? { ok: false, reason: `the JSON lacked ${missing.join(', ')}` } : { ok: true };
}
