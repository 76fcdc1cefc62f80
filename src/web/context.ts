// What the board's pages are given: the store's read models, the decisions they may run, and the
// plain facts they show. Built once by the composition root; pages never reach further.

import type { BoardReads, Store } from '../db/index.js';
import type { ScheduledJob } from '../kev/schedules/table.js';
import type { Policy } from '../router/policy.js';
import type { Html } from './html.js';

export type DecisionKind = 'approve' | 'reject' | 'revise' | 'cancel' | 'retry';

export type Decision =
  | { kind: DecisionKind; taskId: number; reason?: string; notes?: string }
  | { kind: 'schedules'; action: 'pause' | 'resume'; job: string };

export interface HealthCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface BoardDeps {
  store: Store;
  /** Runs the same action as the chat command, with the same idempotency, and closes the chat's buttons. */
  decide(decision: Decision): { ok: boolean; text: string };
  policy: Policy;
  /** The scheduled jobs in force (their cron and whether kev.config.json switched them off). */
  schedules: readonly ScheduledJob[];
  dailyBudgetUsd: number;
  timezone: string;
  dayStart(at: number): number;
  weekStart(at: number): number;
  /** Where a task's artifacts are kept: <dataDir>/artifacts/<task id>/. */
  dataDir: string;
  /** What `kev doctor` says (cached by the caller as it likes). */
  doctor(): Promise<HealthCheck[]>;
  /** The chat transports of this process and whether each is up. */
  transports(): Array<{ platform: string; running: boolean }>;
  clock?: () => number;
}

export interface PageContext extends BoardDeps {
  reads: BoardReads;
  now: number;
  query: Record<string, string>;
}

export interface Page {
  title: string;
  /** Above the live region, never replaced by a live refresh (filters, forms being typed in). */
  top?: Html;
  /** The live region: re-rendered when something changes. */
  live: Html;
  status?: number;
}
