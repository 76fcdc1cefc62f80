// What a task is likely to cost before it is queued: one call on the first rung the router would
// try, with the task's text as the prompt and the dispatcher's default output allowance.

import { estimateCallMicros } from './budget.js';
import type { Provider } from './catalogue.js';
import { type Policy, planLadder } from './policy.js';
import type { TaskType } from './task-types.js';

/** The dispatcher's default output allowance per call. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
/** Characters the persona, the rules and the wrapping add to a task's text in the real prompt. */
export const PROMPT_OVERHEAD_CHARS = 1200;

export interface TaskEstimate {
  /** The catalogue key the estimate is priced on. */
  key: string;
  micros: number;
  /** True when no rung can run yet and the estimate prices the ladder's first rung instead. */
  unconfigured: boolean;
}

/**
 * Worst-case cost of the first call: the first runnable rung, else (nothing configured for the type)
 * the ladder's first rung in the catalogue, so a task queued now is priced as it would run later.
 */
export function estimateTask(
  policy: Policy,
  type: TaskType,
  configured: ReadonlySet<Provider>,
  textChars: number,
  maxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS,
): TaskEstimate | undefined {
  const rungs = planLadder(policy, type, configured);
  const runnable = rungs.find((r) => !r.skipped);
  const rung = runnable ?? rungs.find((r) => policy.catalogue[r.key]);
  const entry = rung ? policy.catalogue[rung.key] : undefined;
  if (!rung || !entry) return undefined;
  return {
    key: rung.key,
    micros: estimateCallMicros(entry, textChars + PROMPT_OVERHEAD_CHARS, maxOutputTokens),
    unconfigured: runnable === undefined,
  };
}
