// The crash storm in the suite: Kev as a child process, SIGKILLed (its whole process group) at
// seeded points mid-message, mid-parse, mid-model-call, mid-delivery, mid-tap, mid coding session and
// mid-merge (build tasks over the fake `claude`/`codex`, merged into a test repo whose git hooks hold
// each merge), at least 20 times, then every invariant of test/helpers/storm-check.ts (and
// storm-check-builds.ts). `npm run storm -- --seed N --kills K` runs longer.

import { afterAll, describe, expect, it } from 'vitest';
import { runStorm, type StormWorld } from './helpers/storm.js';
import { checkStorm, secretLeaks } from './helpers/storm-check.js';

const SEED = Number(process.env.KEV_STORM_SEED ?? 16);
let world: StormWorld | undefined;

afterAll(async () => {
  await world?.close();
});

describe('crash storm', () => {
  it(`survives 20 SIGKILLs with every invariant intact (seed ${SEED})`, { timeout: 240_000 }, async () => {
    world = await runStorm({ seed: SEED, kills: 20, modelDelayMs: 300 });
    const verdict = checkStorm(world);
    console.log(`storm seed ${SEED}: ${JSON.stringify({ ...verdict, landed: world.landed })}`);
    expect(verdict.violations).toEqual([]);
    expect(world.kills.length).toBeGreaterThanOrEqual(20);
    expect(verdict.tasks).toBe(world.taskMarkers.length);
    expect(verdict.done).toBeGreaterThan(0);
    // Builds reached main through Approve, and kills landed while one was merging.
    expect(verdict.merged).toBeGreaterThan(0);
    expect(world.mergeKills).toBeGreaterThanOrEqual(2);
    // Every byte Kev wrote (log, db, WAL, data dir) and every prompt it sent: no secret.
    expect(secretLeaks(world)).toEqual([]);
  });
});
