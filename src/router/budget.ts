// Budget policy: a call is made only when its worst-case cost fits both the day's budget and the
// task's cap. Checked before every call, with an estimate from input size and maximum output.

import type { ModelEntry } from './catalogue.js';
import { formatCents } from './money.js';

/** A rough token count: ~4 characters a token for English prose and code. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Worst-case cost of a call in micro-USD: all input uncached, the full output allowance used. */
export function estimateCallMicros(entry: ModelEntry, inputChars: number, maxOutputTokens: number): number {
  return Math.ceil(estimateTokens(inputChars) * entry.price.input + maxOutputTokens * entry.price.output);
}

export interface BudgetState {
  spentTodayMicros: number;
  spentTaskMicros: number;
  dailyCapMicros: number;
  taskCapMicros: number;
}

export type BudgetVerdict = { ok: true } | { ok: false; limit: 'daily' | 'task'; message: string };

export function checkBudget(state: BudgetState, estimateMicros: number): BudgetVerdict {
  const usd = formatCents;
  if (state.spentTaskMicros + estimateMicros > state.taskCapMicros) {
    return {
      ok: false,
      limit: 'task',
      message: `the next call could cost up to ${usd(estimateMicros)}, and this task has ${usd(state.taskCapMicros - state.spentTaskMicros)} left of its ${usd(state.taskCapMicros)} cap`,
    };
  }
  if (state.spentTodayMicros + estimateMicros > state.dailyCapMicros) {
    return {
      ok: false,
      limit: 'daily',
      message: `the next call could cost up to ${usd(estimateMicros)}, and today's budget has ${usd(state.dailyCapMicros - state.spentTodayMicros)} left of ${usd(state.dailyCapMicros)}`,
    };
  }
  return { ok: true };
}
