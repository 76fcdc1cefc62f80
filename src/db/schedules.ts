// Storage of scheduled runs. A run is claimed by inserting its row (UNIQUE slot key) in a
// BEGIN IMMEDIATE transaction before the job acts, so a slot runs at most once across restarts and
// processes; a job with a live run of its own is not started again (runs of one job never overlap).

import { and, asc, desc, eq, gt, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Db } from './connection.js';
import { type RunOutcome, type ScheduleRunRow, scheduleRuns, scheduleState } from './schedule-schema.js';
import { settings } from './schema.js';
import { noRow } from './store-errors.js';

const FIRST_START = 'schedules:firstStartAt';

export interface SlotRef {
  job: string;
  slotKey: string;
  slotAt: number;
}

export type ClaimOutcome =
  | { status: 'claimed'; row: ScheduleRunRow }
  /** Another process (or an earlier life of this one) already has this slot. */
  | { status: 'taken'; row: ScheduleRunRow }
  /** The job's previous run is still going; this slot is recorded as skipped. */
  | { status: 'overlap'; row: ScheduleRunRow; running: ScheduleRunRow };

export interface RunEnd {
  outcome: Exclude<RunOutcome, 'running'>;
  detail?: string;
  taskId?: number;
}

export interface JobState {
  paused: boolean;
  since: number | undefined;
}

export class ScheduleBook {
  constructor(private readonly db: Db) {}

  /** The first time any Kev process started the scheduler on this file; kept from the first call on. */
  firstStart(at: number): number {
    const json = JSON.stringify(at);
    this.db
      .insert(settings)
      .values({ key: FIRST_START, value: json, updatedAt: at })
      .onConflictDoNothing()
      .run();
    const row = this.db.select().from(settings).where(eq(settings.key, FIRST_START)).get();
    return row ? (JSON.parse(row.value) as number) : at;
  }

  claim(slot: SlotRef, runner: string, at: number, staleMs: number): ClaimOutcome {
    return this.db.transaction(
      (tx) => {
        const existing = tx.select().from(scheduleRuns).where(eq(scheduleRuns.slotKey, slot.slotKey)).get();
        if (existing) return { status: 'taken', row: existing };
        const running = tx
          .select()
          .from(scheduleRuns)
          .where(
            and(
              eq(scheduleRuns.job, slot.job),
              eq(scheduleRuns.outcome, 'running'),
              gt(scheduleRuns.startedAt, at - staleMs),
            ),
          )
          .get();
        const row =
          tx
            .insert(scheduleRuns)
            .values({
              ...slot,
              runner,
              startedAt: at,
              ...(running
                ? {
                    outcome: 'skipped' as const,
                    detail: `the previous run (${running.slotKey}) was still going`,
                    finishedAt: at,
                  }
                : { outcome: 'running' as const }),
            })
            .returning()
            .all()
            .at(0) ?? noRow();
        return running ? { status: 'overlap', row, running } : { status: 'claimed', row };
      },
      { behavior: 'immediate' },
    );
  }

  finish(id: number, end: RunEnd, at: number): void {
    this.db
      .update(scheduleRuns)
      .set({ outcome: end.outcome, detail: end.detail ?? null, taskId: end.taskId ?? null, finishedAt: at })
      .where(and(eq(scheduleRuns.id, id), eq(scheduleRuns.outcome, 'running')))
      .run();
  }

  /** Records slots that passed while Kev was down (or asleep); a recorded slot never runs later. */
  markMissed(slots: SlotRef[], detail: string, at: number): number {
    let added = 0;
    this.db.transaction((tx) => {
      for (const slot of slots) {
        added += tx
          .insert(scheduleRuns)
          .values({ ...slot, outcome: 'missed', detail, startedAt: at, finishedAt: at })
          .onConflictDoNothing()
          .run().changes;
      }
    });
    return added;
  }

  /** Runs left "running" by a process that died mid-run: closed as failed. */
  closeStale(at: number, staleMs: number): number {
    return this.db
      .update(scheduleRuns)
      .set({ outcome: 'failed', detail: 'Kev stopped during the run', finishedAt: at })
      .where(and(eq(scheduleRuns.outcome, 'running'), lt(scheduleRuns.startedAt, at - staleMs)))
      .run().changes;
  }

  /** The job's most recent slot with a row, whatever its outcome. */
  latest(job: string): ScheduleRunRow | undefined {
    return this.db
      .select()
      .from(scheduleRuns)
      .where(eq(scheduleRuns.job, job))
      .orderBy(desc(scheduleRuns.slotAt), desc(scheduleRuns.id))
      .limit(1)
      .get();
  }

  /** The job's most recent run that is not a missed slot (what it last did). */
  lastRun(job: string): ScheduleRunRow | undefined {
    return this.recent(job, 50).find((r) => r.outcome !== 'missed');
  }

  recent(job: string, limit = 10): ScheduleRunRow[] {
    return this.db
      .select()
      .from(scheduleRuns)
      .where(eq(scheduleRuns.job, job))
      .orderBy(desc(scheduleRuns.slotAt), desc(scheduleRuns.id))
      .limit(limit)
      .all();
  }

  /** The task the job's latest task-creating run made. */
  lastTaskId(job: string): number | undefined {
    return (
      this.db
        .select({ taskId: scheduleRuns.taskId })
        .from(scheduleRuns)
        .where(and(eq(scheduleRuns.job, job), isNotNull(scheduleRuns.taskId)))
        .orderBy(desc(scheduleRuns.id))
        .limit(1)
        .get()?.taskId ?? undefined
    );
  }

  /** Rows of every job recorded at or after `at` with one of `outcomes`, oldest first. */
  recordedSince(at: number, outcomes: readonly RunOutcome[]): ScheduleRunRow[] {
    return this.db
      .select()
      .from(scheduleRuns)
      .where(and(gte(scheduleRuns.startedAt, at), inArray(scheduleRuns.outcome, [...outcomes])))
      .orderBy(asc(scheduleRuns.slotAt))
      .all();
  }

  /** Missed slots of the job recorded after `since`. */
  missedSince(job: string, since: number): number {
    return this.recent(job, 500).filter((r) => r.outcome === 'missed' && r.slotAt > since).length;
  }

  state(job: string): JobState {
    const row = this.db.select().from(scheduleState).where(eq(scheduleState.job, job)).get();
    return { paused: row?.paused ?? false, since: row?.since ?? undefined };
  }

  /** Pauses or resumes a job; resuming sets `since`, so slots passed while paused are not caught up. */
  setPaused(job: string, paused: boolean, at: number): void {
    const values = { paused, updatedAt: at, ...(paused ? {} : { since: at }) };
    this.db
      .insert(scheduleState)
      .values({ job, ...values })
      .onConflictDoUpdate({ target: scheduleState.job, set: values })
      .run();
  }
}
