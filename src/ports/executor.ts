// The executor port: runs one attempt of a task on one model and reports a typed outcome.
// The dispatcher picks an executor per provider (HTTP LLM or coding CLI) and never sees an SDK.

import type { TaskRow } from '../db/index.js';
import type { ModelEntry, Usage } from '../router/catalogue.js';
import type { FailureClass } from '../router/ladder.js';
import type { Rung } from '../router/policy.js';

/** A task rendered for a model: the agent's persona and the task's content marked as data. */
export interface RenderedPrompt {
  system: string;
  user: string;
}

export interface AttemptInput {
  task: TaskRow;
  rung: Rung;
  entry: ModelEntry;
  prompt: RenderedPrompt;
  maxOutputTokens: number;
  timeoutMs: number;
  signal: AbortSignal;
  /** KEV_DATA_DIR/artifacts/<task id>/ */
  artifactsDir: string;
  /** What the task may still spend, for CLIs that enforce a cap themselves. */
  budgetLeftMicros: number;
}

export interface AttemptFailure {
  kind: string;
  message: string;
  /** provider: fail over; quality: climb; stop: the attempt was cancelled, do not go on. */
  class: FailureClass | 'stop';
  retryAfterMs?: number;
}

export interface AttemptOutput {
  ok: boolean;
  text: string;
  usage: Usage;
  costMicros: number;
  failure?: AttemptFailure;
  /** Lines for the review request (a CLI's branch and diff stat). */
  details?: string[];
}

/** Contract: run() never throws; failures are values with a class the router acts on. */
export interface Executor {
  run(input: AttemptInput): Promise<AttemptOutput>;
}
