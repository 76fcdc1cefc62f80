// Connects the board to a running Kev: the decisions go to kev.decide (the chat's own actions),
// the Health page gets `kev doctor`'s checks (cached for a minute) and the transports' state.
// Called by the composition root only when KEV_BOARD_PORT is set.

import type { Config } from '../config/config.js';
import type { Store } from '../db/index.js';
import type { Kev } from '../kev/kev.js';
import type { ScheduledJob } from '../kev/schedules/table.js';
import { startOfDay, startOfWeek } from '../ports/clock.js';
import type { Policy } from '../router/policy.js';
import type { Logger } from '../shared/log.js';
import type { Decision, HealthCheck } from './context.js';
import { type Board, startBoard } from './server.js';

const DOCTOR_CACHE_MS = 60_000;

export interface WireOptions {
  config: Config;
  store: Store;
  kev: Kev;
  policy: Policy;
  log: Logger;
  /** The chat transports and whether each is up. */
  transports(): Array<{ platform: string; running: boolean }>;
  schedules: readonly ScheduledJob[];
  /** `kev doctor`'s checks, run afresh. */
  checks(): Promise<HealthCheck[]>;
}

/** A board decision as the chat's intent, so the same action runs. */
export function decisionIntent(decision: Decision): Parameters<Kev['decide']>[0] {
  if (decision.kind === 'schedules') return decision;
  const { kind, taskId } = decision;
  if (kind === 'reject') return { kind, taskId, ...(decision.reason ? { reason: decision.reason } : {}) };
  if (kind === 'revise') return { kind, taskId, ...(decision.notes ? { notes: decision.notes } : {}) };
  return { kind, taskId };
}

export async function startBoardFor(options: WireOptions): Promise<Board> {
  const { config, store, kev, policy, log, transports, checks: runChecks } = options;
  const settings = config.board;
  if (!settings) throw new Error('the board is not configured (KEV_BOARD_PORT)');
  let doctorCache: { at: number; checks: Promise<HealthCheck[]> } | undefined;
  return startBoard({
    port: settings.port,
    host: settings.host,
    allowedHosts: settings.allowedHosts,
    store,
    decide: (decision) => kev.decide(decisionIntent(decision)),
    policy,
    schedules: options.schedules,
    dailyBudgetUsd: config.dailyBudgetUsd,
    timezone: config.timezone,
    dayStart: (at) => startOfDay(at, config.timezone),
    weekStart: (at) => startOfWeek(at, config.timezone),
    dataDir: config.dataDir,
    doctor: () => {
      if (!doctorCache || Date.now() - doctorCache.at > DOCTOR_CACHE_MS) {
        const checks = runChecks();
        doctorCache = { at: Date.now(), checks };
        checks.catch(() => {
          doctorCache = undefined;
        });
      }
      return doctorCache.checks;
    },
    transports,
    onError: (error) => log.error({ err: error }, 'a board request failed'),
  });
}
