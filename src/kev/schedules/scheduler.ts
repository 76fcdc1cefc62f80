// Kev's own scheduling loop over an injectable clock and timer. Every wake-up is a catch-up pass:
// for each job, the most recent slot at or before now runs once if it lies inside the catch-up
// window (the job's period, at most 12 h); older unrun slots are recorded as missed, never replayed.
// A slot is claimed by inserting its row before the job acts (see db/schedules.ts), so restarts and
// a second process never run it twice. Slots before Kev's first start (or a resume) are not missed.

import type { RunEnd, Store } from '../../db/index.js';
import type { Logger } from '../../shared/log.js';
import { latestSlot, nextSlot, periodAt, slotKey, slotsBetween } from './cron.js';
import type { ScheduledJob } from './table.js';

/** Contract: set() calls fn once after about ms; a returned promise is awaited by test timers. */
export interface Timer {
  set(fn: () => unknown, ms: number): unknown;
  clear(handle: unknown): void;
}

export const REAL_TIMER: Timer = {
  set: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface Slot {
  key: string;
  at: number;
}

export type JobRunner = (job: ScheduledJob, slot: Slot) => RunEnd | Promise<RunEnd>;

export interface SchedulerOptions {
  store: Store;
  jobs: readonly ScheduledJob[];
  timezone: string;
  run: JobRunner;
  log: Logger;
  clock?: () => number;
  timer?: Timer;
  /** Names this process in the run rows. */
  runner?: string;
  /** The longest sleep between passes, so a resume or a clock jump is noticed soon. */
  maxSleepMs?: number;
  /** A run still "running" after this long belongs to a dead process. */
  staleMs?: number;
}

export const MAX_CATCH_UP_MS = 12 * 3_600_000;
/** At most this many missed slots of one job are recorded per pass (the log counts them all). */
const MAX_MISSED_ROWS = 50;
/** A wake-up this much later than planned means the machine slept (or the clock jumped). */
const LATE_WAKE_MS = 120_000;

export const MISSED_DETAIL = 'Kev was not running (or the machine slept) at that time';

export class Scheduler {
  private readonly clock: () => number;
  private readonly timer: Timer;
  private handle: unknown;
  private plannedWake: number | undefined;
  private pass: Promise<void> | undefined;
  private stopped = false;
  private firstStart = 0;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? Date.now;
    this.timer = options.timer ?? REAL_TIMER;
  }

  /** Records the first start (once per database), closes runs of dead processes, and runs a first pass. */
  start(): Promise<void> {
    const { store, log, staleMs = 15 * 60_000 } = this.options;
    const now = this.clock();
    this.firstStart = store.schedules.firstStart(now);
    const stale = store.schedules.closeStale(now, staleMs);
    if (stale) log.warn({ runs: stale }, 'closed scheduled runs left open by a process that stopped');
    return this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    await this.pass;
  }

  /** One pass over every job at the clock's now, then the timer is armed for the next slot. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.pass ??= this.runPass().finally(() => {
      this.pass = undefined;
      this.arm();
    });
    return this.pass;
  }

  private async runPass(): Promise<void> {
    const now = this.clock();
    if (this.plannedWake !== undefined && now - this.plannedWake > LATE_WAKE_MS) {
      this.options.log.warn(
        { lateMs: now - this.plannedWake },
        'the scheduler woke late (the machine slept?); catching up',
      );
    }
    await Promise.all(this.options.jobs.map((job) => this.evaluate(job, now)));
  }

  private async evaluate(job: ScheduledJob, now: number): Promise<void> {
    const { store, timezone, log } = this.options;
    if (!job.enabled) return;
    const state = store.schedules.state(job.name);
    if (state.paused) return;
    const floor = Math.max(this.firstStart, state.since ?? 0);
    const latest = latestSlot(job.cron, timezone, now);
    if (latest === undefined || latest < floor) return;
    const last = store.schedules.latest(job.name);
    if (last && last.slotAt >= latest) return;
    const after = Math.max(floor - 1, last?.slotAt ?? Number.NEGATIVE_INFINITY);
    const older = slotsBetween(job.cron, timezone, after, latest, MAX_MISSED_ROWS);
    const window = Math.min(periodAt(job.cron, timezone, latest), MAX_CATCH_UP_MS);
    const inWindow = now - latest <= window;
    const missed = inWindow ? older : [latest, ...older];
    if (missed.length) {
      store.schedules.markMissed(
        missed.map((at) => ({ job: job.name, slotKey: slotKey(job.name, at, timezone), slotAt: at })),
        MISSED_DETAIL,
        now,
      );
      log.warn(
        {
          job: job.name,
          missed: missed.length,
          slots: missed.map((at) => slotKey(job.name, at, timezone)).slice(0, 5),
        },
        'skipped missed slots (only the most recent slot inside the catch-up window runs)',
      );
    }
    if (inWindow) await this.runSlot(job, { key: slotKey(job.name, latest, timezone), at: latest });
  }

  private async runSlot(job: ScheduledJob, slot: Slot): Promise<void> {
    const { store, log, runner = `pid-${process.pid}`, staleMs = 15 * 60_000 } = this.options;
    const claim = store.schedules.claim(
      { job: job.name, slotKey: slot.key, slotAt: slot.at },
      runner,
      this.clock(),
      staleMs,
    );
    if (claim.status === 'taken') return;
    if (claim.status === 'overlap') {
      log.warn(
        { job: job.name, slot: slot.key, running: claim.running.slotKey },
        'skipped: previous run still going',
      );
      return;
    }
    let end: RunEnd;
    try {
      end = await this.options.run(job, slot);
    } catch (error) {
      log.error({ err: error, job: job.name, slot: slot.key }, 'a scheduled job failed');
      end = { outcome: 'failed', detail: (error as Error).message || String(error) };
    }
    store.schedules.finish(claim.row.id, end, this.clock());
    log.info({ job: job.name, slot: slot.key, outcome: end.outcome, detail: end.detail }, 'scheduled run');
  }

  private arm(): void {
    if (this.stopped) return;
    const { jobs, timezone, maxSleepMs = 60_000 } = this.options;
    const now = this.clock();
    const next = Math.min(
      ...jobs
        .filter((j) => j.enabled)
        .map((j) => nextSlot(j.cron, timezone, now) ?? Number.POSITIVE_INFINITY),
    );
    const delay = Math.max(0, Math.min(next - now, maxSleepMs));
    this.plannedWake = now + delay;
    this.handle = this.timer.set(() => this.tick(), delay);
  }
}
