// The board's dependencies over a test Kev: decisions go to kev.decide as in production, the
// doctor is a fixed list, one transport is "up".

import type { Store } from '../../src/db/index.js';
import type { Kev } from '../../src/kev/kev.js';
import { DEFAULT_SCHEDULES } from '../../src/kev/schedules/table.js';
import { startOfDay, startOfWeek } from '../../src/ports/clock.js';
import { DEFAULT_POLICY } from '../../src/router/policy.js';
import type { BoardDeps } from '../../src/web/context.js';
import { decisionIntent } from '../../src/web/wire.js';

export function boardDeps(store: Store, kev: Kev, dataDir: string, clock?: () => number): BoardDeps {
  return {
    store,
    decide: (d) => kev.decide(decisionIntent(d)),
    policy: DEFAULT_POLICY,
    schedules: DEFAULT_SCHEDULES,
    dailyBudgetUsd: 5,
    timezone: 'UTC',
    dayStart: (at) => startOfDay(at, 'UTC'),
    weekStart: (at) => startOfWeek(at, 'UTC'),
    dataDir,
    doctor: async () => [{ name: 'config', ok: true, detail: 'test' }],
    transports: () => [{ platform: 'telegram', running: true }],
    ...(clock ? { clock } : {}),
  };
}
