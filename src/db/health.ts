// What is degraded right now, kept in the settings table so `/status` in Kev and `kev doctor` in
// another process read the same thing: a component (e.g. "delivery:telegram") reports a problem
// while it fails and clears it on its next success. A report that cannot be written (the db is
// locked, the disk is full) is dropped: health never adds a failure of its own.

import type { Store } from './index.js';

const KEY = 'health';

export interface HealthProblem {
  component: string;
  problem: string;
  /** Epoch ms of the first failure in this run of failures. */
  since: number;
}

type HealthMap = Record<string, { problem: string; since: number }>;

function read(store: Pick<Store, 'settings'>): HealthMap {
  return store.settings.get<HealthMap>(KEY) ?? {};
}

/** Records `problem` for `component`, or clears it when `problem` is undefined. Writes only on a change. */
export function reportHealth(
  store: Pick<Store, 'settings'>,
  component: string,
  problem: string | undefined,
  now = Date.now(),
): void {
  try {
    const map = read(store);
    const current = map[component];
    if (problem === undefined) {
      if (!current) return;
      delete map[component];
    } else {
      const text = problem.slice(0, 200);
      if (current?.problem === text) return;
      map[component] = { problem: text, since: current?.since ?? now };
    }
    store.settings.set(KEY, map);
  } catch {
    // The store itself is failing; whoever reads health will find the store's own problem.
  }
}

export function healthProblems(store: Pick<Store, 'settings'>): HealthProblem[] {
  try {
    return Object.entries(read(store)).map(([component, entry]) => ({ component, ...entry }));
  } catch {
    return [];
  }
}

/** One line per degraded component, for /status. */
export function healthLines(store: Pick<Store, 'settings'>, now = Date.now()): string[] {
  return healthProblems(store).map(
    (p) =>
      `Degraded: ${p.component} — ${p.problem} (for ${Math.max(1, Math.round((now - p.since) / 60_000))} min)`,
  );
}
