// The scheduling loop with a fake clock and timer: a slot runs once at its time; after downtime the
// most recent missed slot inside the window runs once and older ones are recorded as missed; a slot
// before the first start is not missed; one job's runs never overlap; two processes on one db run
// a slot once; pause and resume persist and a paused stretch is not caught up.

import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type RunEnd, type Store } from '../src/db/index.js';
import { Scheduler, type Slot } from '../src/kev/schedules/scheduler.js';
import { resolveSchedules, type ScheduledJob } from '../src/kev/schedules/table.js';
import { silentLogger } from '../src/shared/log.js';
import { FakeTime } from './helpers/fake-time.js';
import { tempStore } from './helpers/store.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (iso: string) => Date.parse(iso);

const briefOnly = (cron = '0 6 * * *'): ScheduledJob[] =>
  resolveSchedules({ brief: { cron } }).map((j) => (j.name === 'brief' ? j : { ...j, enabled: false }));

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function setup(start: string, jobs = briefOnly()) {
  const t = tempStore();
  cleanups.push(t.cleanup);
  const time = new FakeTime(at(start));
  const ran: string[] = [];
  const make = (store: Store, run?: (slot: Slot) => Promise<RunEnd> | RunEnd) =>
    new Scheduler({
      store,
      jobs,
      timezone: 'Europe/London',
      log: silentLogger,
      clock: time.read,
      timer: time,
      run: async (job, slot) => {
        ran.push(slot.key);
        return run ? run(slot) : { outcome: 'ok', detail: job.name };
      },
    });
  return { ...t, time, ran, make };
}

describe('Scheduler', () => {
  it('runs a slot once, at its minute, and again the next day', async () => {
    const s = setup('2026-11-24T05:58:30Z');
    const scheduler = s.make(s.store);
    await scheduler.start();
    expect(s.ran).toEqual([]);
    await s.time.advanceTo(at('2026-11-24T05:59:59Z'));
    expect(s.ran).toEqual([]);
    await s.time.advanceTo(at('2026-11-24T06:00:00Z'));
    expect(s.ran).toEqual(['brief:2026-11-24T06:00']);
    await s.time.advanceTo(at('2026-11-25T05:00:00Z'));
    expect(s.ran).toEqual(['brief:2026-11-24T06:00']);
    await s.time.advanceTo(at('2026-11-25T06:00:30Z'));
    expect(s.ran).toEqual(['brief:2026-11-24T06:00', 'brief:2026-11-25T06:00']);
    expect(s.store.schedules.latest('brief')).toMatchObject({
      outcome: 'ok',
      slotKey: 'brief:2026-11-25T06:00',
    });
    await scheduler.stop();
  });

  it('does not count a slot before the first start as missed', async () => {
    const s = setup('2026-11-24T06:30:00Z');
    await s.make(s.store).start();
    expect(s.ran).toEqual([]);
    expect(s.store.schedules.recent('brief')).toEqual([]);
  });

  it('after downtime runs the most recent missed slot once and records the older ones as missed', async () => {
    const s = setup('2026-11-20T05:00:00Z');
    const first = s.make(s.store);
    await first.start();
    await s.time.advanceTo(at('2026-11-20T07:00:00Z'));
    expect(s.ran).toEqual(['brief:2026-11-20T06:00']);
    await first.stop();
    // Down from the 20th to the 23rd at 09:00: slots of the 21st, 22nd and 23rd passed.
    s.time.now = at('2026-11-23T09:00:00Z');
    const second = s.make(s.store);
    await second.start();
    expect(s.ran).toEqual(['brief:2026-11-20T06:00', 'brief:2026-11-23T06:00']);
    const rows = s.store.schedules.recent('brief');
    expect(rows.map((r) => [r.slotKey, r.outcome])).toEqual([
      ['brief:2026-11-23T06:00', 'ok'],
      ['brief:2026-11-22T06:00', 'missed'],
      ['brief:2026-11-21T06:00', 'missed'],
      ['brief:2026-11-20T06:00', 'ok'],
    ]);
    // A restart a minute later runs nothing again.
    await second.stop();
    s.time.now += MIN;
    await s.make(s.store).start();
    expect(s.ran).toHaveLength(2);
  });

  it('skips (and records) a missed slot that is older than the catch-up window', async () => {
    const s = setup('2026-11-23T05:00:00Z');
    const first = s.make(s.store);
    await first.start();
    await first.stop();
    // Back at 19:00: the 06:00 brief is 13 h old, past the 12 h cap of its 24 h period.
    s.time.now = at('2026-11-23T19:00:00Z');
    await s.make(s.store).start();
    expect(s.ran).toEqual([]);
    expect(s.store.schedules.latest('brief')).toMatchObject({
      slotKey: 'brief:2026-11-23T06:00',
      outcome: 'missed',
    });
  });

  it('uses the job’s own period as the window: a half-hourly job catches up only the last half hour', async () => {
    const jobs = resolveSchedules().map((j) => (j.name === 'dispatch' ? j : { ...j, enabled: false }));
    const s = setup('2026-11-23T10:05:00Z', jobs);
    const first = s.make(s.store);
    await first.start();
    await s.time.advanceTo(at('2026-11-23T10:31:00Z'));
    await first.stop();
    s.time.now = at('2026-11-23T12:40:00Z');
    await s.make(s.store).start();
    expect(s.ran).toEqual(['dispatch:2026-11-23T10:30', 'dispatch:2026-11-23T12:30']);
    expect(s.store.schedules.recent('dispatch').filter((r) => r.outcome === 'missed')).toHaveLength(3);
  });

  it('catches up once after the machine slept through a slot (a long timer gap)', async () => {
    const s = setup('2026-11-24T05:50:00Z');
    const scheduler = s.make(s.store);
    await scheduler.start();
    await s.time.sleep(3 * HOUR); // lid closed 05:50 → 08:50
    expect(s.ran).toEqual(['brief:2026-11-24T06:00']);
    await s.time.advance(2 * HOUR);
    expect(s.ran).toEqual(['brief:2026-11-24T06:00']);
    await scheduler.stop();
  });

  it('never overlaps runs of one job: a slot that comes while the previous run is going is skipped', async () => {
    const s = setup('2026-11-24T05:59:30Z', briefOnly('* * * * *'));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let active = 0;
    let most = 0;
    const slow = async (): Promise<RunEnd> => {
      active++;
      most = Math.max(most, active);
      await gate;
      active--;
      return { outcome: 'ok' };
    };
    // Two processes on one file: the first is stuck in its run when the second sees the next slot.
    const other = openStore(s.file, s.time.read);
    cleanups.unshift(() => other.close());
    const a = s.make(s.store, slow);
    const b = s.make(other, slow);
    await a.start();
    const stuck = s.time.advanceTo(at('2026-11-24T06:00:00Z'));
    await new Promise((r) => setTimeout(r, 10));
    s.time.now = at('2026-11-24T06:01:00Z');
    await b.start();
    expect(most).toBe(1);
    expect(s.store.schedules.latest('brief')).toMatchObject({
      slotKey: 'brief:2026-11-24T06:01',
      outcome: 'skipped',
      detail: 'the previous run (brief:2026-11-24T06:00) was still going',
    });
    release();
    await stuck;
    await a.stop();
    await b.stop();
  });

  it('runs a slot once when two processes on one database see it', async () => {
    const s = setup('2026-11-24T05:59:00Z');
    const other = openStore(s.file, s.time.read);
    cleanups.unshift(() => other.close());
    const a = s.make(s.store);
    const b = s.make(other);
    await Promise.all([a.start(), b.start()]);
    s.time.now = at('2026-11-24T06:00:00Z');
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(s.ran).toEqual(['brief:2026-11-24T06:00']);
    await a.stop();
    await b.stop();
  });

  it('runs each slot once when three processes race over the same slots', async () => {
    const s = setup('2026-11-24T05:59:30Z');
    // The first start is recorded before the children start, so none of the slots count as "before".
    s.store.schedules.firstStart(at('2026-11-24T05:00:00Z'));
    const children: ChildProcess[] = [];
    let ready = 0;
    const runs = ['a', 'b', 'c'].map(
      (name) =>
        new Promise<string[]>((resolve, reject) => {
          const child = fork(
            fileURLToPath(new URL('./helpers/schedule-child.ts', import.meta.url)),
            [s.file, '2026-11-24T06:00:00Z', '15', name],
            { execArgv: ['--import', 'tsx'] },
          );
          children.push(child);
          child.on('message', (message) => {
            if (message !== 'ready') return resolve(message as string[]);
            if (++ready === 3) for (const c of children) c.send('go');
          });
          child.once('error', reject);
        }),
    );
    const all = (await Promise.all(runs)).flat();
    // 06:00 to 06:15: sixteen slots, each recorded once and none run twice. A slot whose claim
    // finds another process's run of the job still going is recorded as skipped (the overlap rule),
    // which a loaded machine makes likely: the runs are exactly the slots recorded ok.
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(0);
    const rows = s.store.schedules
      .recent('brief', 100)
      .filter((r) => r.slotKey >= 'brief:2026-11-24T06:00' && r.slotKey <= 'brief:2026-11-24T06:15');
    expect(rows).toHaveLength(16);
    expect(new Set(rows.map((r) => r.slotKey)).size).toBe(16);
    expect(
      rows
        .filter((r) => r.outcome === 'ok')
        .map((r) => r.slotKey)
        .sort(),
    ).toEqual([...all].sort());
    for (const row of rows.filter((r) => r.outcome !== 'ok')) {
      expect(row.outcome).toBe('skipped');
      expect(row.detail).toMatch(/still going/);
    }
  }, 60_000);

  it('keeps a pause across restarts and does not catch up the paused stretch on resume', async () => {
    const s = setup('2026-11-23T05:00:00Z');
    const first = s.make(s.store);
    await first.start();
    s.store.schedules.setPaused('brief', true, s.time.now);
    await s.time.advanceTo(at('2026-11-23T07:00:00Z'));
    await first.stop();
    const second = s.make(openStoreAgain(s.file, s.time.read));
    await second.start();
    expect(s.ran).toEqual([]);
    s.store.schedules.setPaused('brief', false, s.time.now);
    await second.tick();
    expect(s.ran).toEqual([]);
    await s.time.advanceTo(at('2026-11-24T06:00:00Z'));
    expect(s.ran).toEqual(['brief:2026-11-24T06:00']);
    await second.stop();
  });

  it.each([
    ['Europe/London', '2026-03-27T12:00:00Z', '2026-04-01T12:00:00Z'],
    ['Europe/London', '2026-10-23T12:00:00Z', '2026-10-28T12:00:00Z'],
    ['America/New_York', '2026-03-06T12:00:00Z', '2026-03-11T12:00:00Z'],
    ['America/New_York', '2026-10-30T12:00:00Z', '2026-11-04T12:00:00Z'],
  ])('runs a daily job in the changed hour once a day across DST (%s, %s)', async (timezone, from, to) => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    const time = new FakeTime(at(from));
    const ran: string[] = [];
    const jobs = ['30 1 * * *', '30 2 * * *', '0 6 * * *'].map((cron, i) => ({
      name: (['brief', 'security', 'weekly'] as const)[i] ?? 'brief',
      cron,
      enabled: true,
      description: '',
    }));
    const scheduler = new Scheduler({
      store: t.store,
      jobs,
      timezone,
      log: silentLogger,
      clock: time.read,
      timer: time,
      maxSleepMs: 6 * HOUR,
      run: (_job, slot) => {
        ran.push(slot.key);
        return { outcome: 'ok' };
      },
    });
    await scheduler.start();
    await time.advanceTo(at(to));
    await scheduler.stop();
    for (const job of ['brief', 'security', 'weekly']) {
      const days = ran
        .filter((k) => k.startsWith(`${job}:`))
        .map((k) => k.slice(job.length + 1, job.length + 11));
      expect(days, job).toHaveLength(5);
      expect(new Set(days).size, job).toBe(5);
    }
    expect(t.store.schedules.recordedSince(0, ['missed', 'skipped', 'failed'])).toEqual([]);
  });

  it('records a job that throws as failed, with the reason, and goes on', async () => {
    const s = setup('2026-11-24T05:59:00Z');
    const scheduler = s.make(s.store, () => {
      throw new Error('the outbox is on fire');
    });
    await scheduler.start();
    await s.time.advanceTo(at('2026-11-24T06:00:00Z'));
    expect(s.store.schedules.latest('brief')).toMatchObject({
      outcome: 'failed',
      detail: 'the outbox is on fire',
    });
    expect(s.time.armed).toBe(1);
    await scheduler.stop();
  });
});

function openStoreAgain(file: string, clock: () => number): Store {
  const store = openStore(file, clock);
  cleanups.unshift(() => store.close());
  return store;
}
