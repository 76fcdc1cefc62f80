// Turns a validation issue of kev.config.json into the one sentence Kev stops with, naming the
// path and suggesting the nearest known name: `routes.research.agnet: unknown field; did you mean "agent"?`

import type { z } from 'zod';
import { closest } from '../shared/did-you-mean.js';

/** `agents[0].name`, `routes.research.agent` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
}

/** Ends a message with a full stop unless it already asks a question. */
export function sentence(text: string): string {
  return /[?.]$/.test(text) ? text : `${text}.`;
}

export function suggestion(typo: string, known: Iterable<string>): string {
  const near = closest(typo, known);
  return near ? `; did you mean "${near}"?` : '';
}

/** The keys an object at `path` may have, read from the schema itself. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const part of path) {
    node = unwrap(node);
    const def = (node as { def?: Record<string, unknown> }).def;
    if (!def) return [];
    if (def.type === 'object') node = (def.shape as Record<string, unknown>)[String(part)];
    else if (def.type === 'record') node = def.valueType;
    else if (def.type === 'array') node = def.element;
    else return [];
  }
  node = unwrap(node);
  const def = (node as { def?: Record<string, unknown> }).def;
  if (def?.type === 'object') return Object.keys(def.shape as object);
  if (def?.type === 'record') {
    const key = unwrap(def.keyType) as { def?: { type?: string; entries?: Record<string, string> } };
    return key.def?.type === 'enum' ? Object.values(key.def.entries ?? {}) : [];
  }
  return [];
}

/** Optional, default and nullable wrappers hide the schema that matters. */
function unwrap(node: unknown): unknown {
  let current = node as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (current?.def && ['optional', 'default', 'nullable', 'prefault'].includes(current.def.type ?? ''))
    current = current.def.innerType as typeof current;
  return current;
}

export function describeIssue(schema: z.ZodType, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const [key = ''] = issue.keys;
    const where = formatPath([...issue.path, key]);
    const known = knownKeys(schema, issue.path);
    const near = suggestion(key, known);
    // No near name: list the known ones when they are few enough to read.
    const list = !near && known.length && known.length <= 12 ? ` (known: ${known.join(', ')})` : '';
    return `${where}: unknown field${near}${list}`;
  }
  if (issue.code === 'invalid_key' || (issue.code === 'invalid_value' && issue.path.length)) {
    const last = issue.path.at(-1);
    const known = knownKeys(schema, issue.path.slice(0, -1));
    if (typeof last === 'string' && issue.code === 'invalid_key')
      return `${formatPath(issue.path)}: unknown name${suggestion(last, known)}`;
  }
  const where = issue.path.length ? formatPath(issue.path) : 'the file';
  // A custom check words its own sentence ("schedules.breif is not a job (…)").
  if (issue.code === 'custom') return `${where} ${issue.message}`;
  const message = issue.message.replace(/^Invalid input: /, '');
  return `${where}: ${message}`;
}
