// A Dispatcher for tests: the defaults every dispatcher test shares (the default policy, a $5 day
// and $1 task budget, one slot, a silent log, the day starting at 0, events ignored), and the
// store, data dir, providers and executors each test names.

import { Dispatcher, type DispatcherOptions } from '../../src/agents/dispatcher.js';
import { DEFAULT_POLICY } from '../../src/router/policy.js';
import { silentLogger } from '../../src/shared/log.js';

export type TestDispatcherOptions = Pick<
  DispatcherOptions,
  'store' | 'dataDir' | 'configured' | 'executors'
> &
  Partial<DispatcherOptions>;

export function testDispatcher(options: TestDispatcherOptions): Dispatcher {
  return new Dispatcher({
    policy: DEFAULT_POLICY,
    concurrency: 1,
    budget: { dailyUsd: 5, taskUsd: 1 },
    log: silentLogger,
    dayStart: () => 0,
    pollMs: 60_000,
    events: { review: () => {}, failed: () => {}, budgetStop: () => {} },
    ...options,
  });
}
