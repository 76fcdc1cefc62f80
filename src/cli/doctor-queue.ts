// The checks of `kev doctor` that look inside the queue: tasks that no configured model can run
// (they would wait forever) and messages the platform refused for good (parked).

import type { Store } from '../db/index.js';
import type { Provider } from '../router/catalogue.js';
import { type Policy, planLadder } from '../router/policy.js';
import { isTaskType } from '../router/task-types.js';

export interface QueueCheck {
  name: string;
  ok: boolean;
  /** A warning is shown but does not fail the doctor. */
  warn?: boolean;
  detail: string;
}

const WAITING = ['backlog', 'ready'] as const;

export function queueChecks(store: Store, policy: Policy, configured: ReadonlySet<Provider>): QueueCheck[] {
  const checks: QueueCheck[] = [];
  const stuck = store.tasks
    .list({ states: [...WAITING], limit: 100_000 })
    .filter((t) => !isTaskType(t.type) || planLadder(policy, t.type, configured).every((r) => r.skipped));
  if (stuck.length) {
    const shown = stuck.slice(0, 5).map((t) => {
      const needs = isTaskType(t.type)
        ? [...new Set(planLadder(policy, t.type, configured).map((r) => r.provider))].join(' or ')
        : `a known task type (not "${t.type}")`;
      return `#${t.id} ${t.type} needs ${needs}`;
    });
    checks.push({
      name: 'tasks',
      ok: false,
      detail: `${stuck.length} waiting task(s) no configured model can run: ${shown.join('; ')}${stuck.length > 5 ? '; …' : ''}`,
    });
  } else {
    checks.push({ name: 'tasks', ok: true, detail: 'every waiting task has a model that can run it' });
  }
  const parked = store.outbox.parked();
  if (parked.length) {
    const last = parked[0];
    checks.push({
      name: 'parked',
      ok: true,
      warn: true,
      detail: `${parked.length}${parked.length === 20 ? '+' : ''} message(s) to you were refused by ${last?.platform} and parked; the last: ${last?.lastError ?? 'no reason given'}`,
    });
  }
  return checks;
}
