// The cost pyramid as a pure decision: given the plan for a task and what happened so far, which
// model to call next, or why to stop. Provider errors fail over to the agent's backup model;
// a failed quality check (or a failed failover) moves one rung up the ladder.

import type { Provider } from './catalogue.js';
import { findAgent, type Policy, planLadder, type Rung } from './policy.js';
import type { TaskType } from './task-types.js';

export interface RoutePlan {
  /** The type's ladder, cheap → dear, with unusable rungs marked skipped. */
  rungs: Rung[];
  /** The agent's backup model, used when a rung fails with a provider error. */
  backup: Rung | undefined;
}

/** Why an attempt failed: the provider (retry elsewhere) or the answer itself (climb). */
export type FailureClass = 'provider' | 'quality';

export interface AttemptRecord {
  key: string;
  ok: boolean;
  failure?: FailureClass;
  /** True when the attempt was a failover to the backup rather than a rung of the ladder. */
  failover?: boolean;
}

export type Decision =
  | { kind: 'call'; rung: Rung; why: 'cheapest' | 'escalate' | 'failover' }
  | { kind: 'give_up'; reason: string };

export function planRoute(
  policy: Policy,
  type: TaskType,
  agentName: string,
  configured: ReadonlySet<Provider>,
): RoutePlan {
  const rungs = planLadder(policy, type, configured);
  const agent = findAgent(policy, agentName);
  const entry = agent ? policy.catalogue[agent.backup] : undefined;
  const backup: Rung | undefined = entry
    ? {
        key: entry.key,
        provider: entry.provider,
        model: entry.id,
        ...(configured.has(entry.provider) ? {} : { skipped: `${entry.provider} is not configured` }),
      }
    : undefined;
  return { rungs, backup };
}

export function decide(plan: RoutePlan, history: readonly AttemptRecord[]): Decision {
  const usable = plan.rungs.filter((r) => !r.skipped);
  if (usable.length === 0) {
    const why = plan.rungs.map((r) => `${r.key}: ${r.skipped}`).join('; ');
    return { kind: 'give_up', reason: `no model on this task's ladder can run (${why || 'empty ladder'})` };
  }
  const last = history.at(-1);
  if (!last) return { kind: 'call', rung: usable[0] as Rung, why: 'cheapest' };
  if (last.ok) return { kind: 'give_up', reason: 'already succeeded' };
  const tried = new Set(history.map((h) => h.key));
  const backup = plan.backup;
  if (last.failure === 'provider' && backup && !backup.skipped && !tried.has(backup.key)) {
    return { kind: 'call', rung: backup, why: 'failover' };
  }
  // Climb from the highest ladder rung reached so far (a failover does not move us up the ladder).
  const reached = Math.max(
    -1,
    ...history.filter((h) => !h.failover).map((h) => usable.findIndex((r) => r.key === h.key)),
  );
  const next = usable.slice(reached + 1).find((r) => !tried.has(r.key));
  if (next) return { kind: 'call', rung: next, why: 'escalate' };
  return { kind: 'give_up', reason: `every model on the ladder failed (${[...tried].join(', ')})` };
}
