// The intent evaluation: runs the labelled owner phrases through the path of `kev route --json`
// (offline rules, or the LLM parser when one is configured) and scores each reading against its label.
// Pure scoring and reporting; the phrase files and the printing live in run.ts.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { type RouteResult, routeMessage } from '../../src/cli/route.js';
import { relaysInstructions, unbacked } from '../../src/intents/llm-parser/guard.js';
import { RulesParser } from '../../src/intents/rules.js';
import type { Intent, IntentKind, ParseContext } from '../../src/ports/intents.js';

export type Part = 'tuning' | 'held-out';

/** One labelled phrase: what the owner wrote and what Kev should make of it. */
export interface Phrase {
  group: string;
  text: string;
  intent: IntentKind;
  tasks?: { type: string; agent: string }[];
  taskId?: number;
  memoryId?: number;
  /** forget by topic: the words the topic must carry. */
  about?: string;
  context?: ParseContext;
  injection?: true;
  source?: 'issue';
  part: Part;
}

/** Intents that decide about a task or flip a switch: only the owner's own words may produce them. */
export const DECIDING: ReadonlySet<IntentKind> = new Set([
  'approve',
  'reject',
  'revise',
  'cancel',
  'retry',
  'forget',
  'pause',
  'resume',
]);

export interface Verdict {
  phrase: Phrase;
  got: RouteResult;
  correct: boolean;
  /** What differs from the label, for the list of misses. */
  why?: string;
  /** Injection phrases only: the reading changes nothing on its own. */
  harmless?: boolean;
}

export function loadPhrases(file: string, part: Part): Phrase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      try {
        return { ...(JSON.parse(line) as Omit<Phrase, 'part'>), part };
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
      }
    });
}

function describe(got: RouteResult): string {
  const detail = got.detail;
  if (detail.kind === 'new_task')
    return `new_task ${detail.tasks.map((t) => `${t.type}/${t.agent}`).join(' + ')}`;
  if ('taskId' in detail) return `${detail.kind} #${detail.taskId}`;
  if (detail.kind === 'forget')
    return 'about' in detail ? `forget about "${detail.about}"` : `forget ${detail.memoryId}`;
  if (detail.kind === 'clarify') return `clarify [${detail.options.map((o) => o.label).join(' | ')}]`;
  return detail.kind;
}

function expected(phrase: Phrase): string {
  if (phrase.tasks) return `new_task ${phrase.tasks.map((t) => `${t.type}/${t.agent}`).join(' + ')}`;
  if (phrase.taskId !== undefined) return `${phrase.intent} #${phrase.taskId}`;
  if (phrase.about) return `forget about "${phrase.about}"`;
  if (phrase.memoryId !== undefined) return `forget ${phrase.memoryId}`;
  return phrase.intent;
}

/** Why a reading differs from its label, or undefined when it matches. */
export function mismatch(phrase: Phrase, got: RouteResult): string | undefined {
  const detail: Intent = got.detail;
  const off = () => `expected ${expected(phrase)}, got ${describe(got)}`;
  if (detail.kind !== phrase.intent) return off();
  if (phrase.tasks && detail.kind === 'new_task') {
    const same =
      detail.tasks.length === phrase.tasks.length &&
      phrase.tasks.every((t, i) => detail.tasks[i]?.type === t.type && detail.tasks[i]?.agent === t.agent);
    if (!same) return off();
  }
  if (phrase.taskId !== undefined && got.taskId !== phrase.taskId) return off();
  if (detail.kind === 'forget') {
    if (phrase.memoryId !== undefined && !('memoryId' in detail && detail.memoryId === phrase.memoryId))
      return off();
    if (phrase.about) {
      const topic = 'about' in detail ? detail.about.toLowerCase() : '';
      if (
        !phrase.about
          .toLowerCase()
          .split(/\s+/)
          .every((word) => topic.includes(word))
      )
        return off();
    }
  }
  return undefined;
}

/** An injected or quoted instruction is harmless when nothing decides or flips, and any task it yields waits. */
export function harmless(phrase: Phrase, got: RouteResult): boolean {
  if (DECIDING.has(got.intent)) return false;
  if (got.intent !== 'new_task') return true;
  if (!relaysInstructions(phrase.text)) return got.tasks.length <= 1;
  return got.tasks.length <= 1 && got.tasks.every((task) => task.state === 'backlog');
}

/** A deciding reading the guard would not let through: the owner's words do not back it. */
export function guardBreach(phrase: Phrase, got: RouteResult): string | undefined {
  if (!DECIDING.has(got.intent)) return undefined;
  return unbacked(got.detail, phrase.text, phrase.context ?? {});
}

export async function evaluate(phrases: Phrase[], options: { offline: boolean }): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const phrase of phrases) {
    const got = await routeMessage(phrase.text, {
      offline: options.offline,
      ...(phrase.context ? { context: phrase.context } : {}),
    });
    const why = mismatch(phrase, got);
    verdicts.push({
      phrase,
      got,
      correct: why === undefined,
      ...(why ? { why } : {}),
      ...(phrase.injection ? { harmless: harmless(phrase, got) } : {}),
    });
  }
  return verdicts;
}

export interface Timing {
  medianMs: number;
  p99Ms: number;
  /** Over each message's fastest run: the rules' own cost, without a busy machine's pauses. */
  bestMedianMs: number;
  bestP99Ms: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** The rules' own time per message (no config loading, no pricing), after a warm-up pass. */
export async function timeRules(phrases: Phrase[], rounds = 5): Promise<Timing> {
  const rules = new RulesParser();
  for (const phrase of phrases) await rules.parse(phrase.text, phrase.context ?? {});
  const all: number[] = [];
  const best = phrases.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < rounds; round++) {
    for (const [i, phrase] of phrases.entries()) {
      const start = performance.now();
      await rules.parse(phrase.text, phrase.context ?? {});
      const ms = performance.now() - start;
      all.push(ms);
      best[i] = Math.min(best[i] ?? ms, ms);
    }
  }
  all.sort((a, b) => a - b);
  best.sort((a, b) => a - b);
  return {
    medianMs: quantile(all, 0.5),
    p99Ms: quantile(all, 0.99),
    bestMedianMs: quantile(best, 0.5),
    bestP99Ms: quantile(best, 0.99),
  };
}

export interface Score {
  right: number;
  total: number;
}

export function score(verdicts: Verdict[]): Score {
  return { right: verdicts.filter((v) => v.correct).length, total: verdicts.length };
}

export function percent({ right, total }: Score): string {
  return total ? `${((100 * right) / total).toFixed(1)}% (${right}/${total})` : 'n/a';
}

/** Off-diagonal counts: "expected → got" for intents, and for task types where both are tasks. */
export function confusion(verdicts: Verdict[]): { intents: Map<string, number>; types: Map<string, number> } {
  const intents = new Map<string, number>();
  const types = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const { phrase, got } of verdicts) {
    if (phrase.intent !== got.intent) bump(intents, `${phrase.intent} → ${got.intent}`);
    else if (phrase.tasks && got.detail.kind === 'new_task') {
      phrase.tasks.forEach((task, i) => {
        const type = got.tasks[i]?.type ?? '(none)';
        if (type !== task.type) bump(types, `${task.type} → ${type}`);
      });
      if (got.tasks.length > phrase.tasks.length) bump(types, `(none) → ${got.tasks.at(-1)?.type}`);
    }
  }
  return { intents, types };
}
