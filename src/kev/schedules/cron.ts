// Cron arithmetic in the owner's time zone, and nothing else: croner computes slots (next, previous,
// between); Kev's own loop (scheduler.ts) decides when to look and what to run.

import { Cron } from 'croner';

const cache = new Map<string, Cron>();

function cronOf(pattern: string, timezone: string): Cron {
  const key = `${timezone} ${pattern}`;
  let cron = cache.get(key);
  if (!cron) {
    // No function: croner never schedules anything itself, it only answers questions.
    cron = new Cron(pattern, { timezone, paused: true });
    cache.set(key, cron);
  }
  return cron;
}

/** Why a cron pattern is not valid, or undefined when it is. */
export function cronProblem(pattern: string): string | undefined {
  try {
    new Cron(pattern, { paused: true }).stop();
    if (pattern.trim().split(/\s+/).length !== 5)
      return 'must have five fields (minute hour day-of-month month day-of-week)';
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '');
  }
}

/** The first slot strictly after `after`. */
export function nextSlot(pattern: string, timezone: string, after: number): number | undefined {
  return cronOf(pattern, timezone).nextRun(new Date(after))?.getTime();
}

/** The most recent slot at or before `at`. */
export function latestSlot(pattern: string, timezone: string, at: number): number | undefined {
  return cronOf(pattern, timezone)
    .previousRuns(1, new Date(at + 1))[0]
    ?.getTime();
}

/** Slots strictly between `after` and `before`, newest first, at most `limit` of them. */
export function slotsBetween(
  pattern: string,
  timezone: string,
  after: number,
  before: number,
  limit: number,
): number[] {
  if (before <= after) return [];
  return cronOf(pattern, timezone)
    .previousRuns(limit, new Date(before))
    .map((d) => d.getTime())
    .filter((t) => t > after);
}

/** Slots in [from, to), oldest first, at most `limit`. */
export function slotsFrom(
  pattern: string,
  timezone: string,
  from: number,
  to: number,
  limit: number,
): number[] {
  const out: number[] = [];
  let at = from - 1;
  while (out.length < limit) {
    const next = nextSlot(pattern, timezone, at);
    if (next === undefined || next >= to) break;
    out.push(next);
    at = next;
  }
  return out;
}

/** The time from the slot at or before `at` to the one after it: the job's period there. */
export function periodAt(pattern: string, timezone: string, at: number): number {
  const latest = latestSlot(pattern, timezone, at) ?? at;
  const next = nextSlot(pattern, timezone, latest);
  return next === undefined ? Number.POSITIVE_INFINITY : next - latest;
}

/** `brief:2026-11-24T06:00`: the job and the slot's wall-clock time in the owner's time zone. */
export function slotKey(job: string, at: number, timezone: string): string {
  return `${job}:${localStamp(at, timezone)}`;
}

/** 2026-11-24T06:00 in `timezone`. */
export function localStamp(at: number, timezone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
