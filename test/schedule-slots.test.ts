// Cron arithmetic of the default schedules in time zones with daylight saving: the next slots of
// every job, run keys in local time, and a daily job that neither skips nor doubles across DST.

import { describe, expect, it } from 'vitest';
import { latestSlot, nextSlot, periodAt, slotKey, slotsFrom } from '../src/kev/schedules/cron.js';
import { DEFAULT_SCHEDULES, resolveSchedules } from '../src/kev/schedules/table.js';

const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function next(name: string, timezone: string, from: string, n: number): string[] {
  const job = DEFAULT_SCHEDULES.find((j) => j.name === name);
  if (!job) throw new Error(name);
  const out: string[] = [];
  let at = Date.parse(from);
  for (let i = 0; i < n; i++) {
    at = nextSlot(job.cron, timezone, at) ?? Number.NaN;
    out.push(slotKey(name, at, timezone));
  }
  return out;
}

describe('default schedules', () => {
  it('has the six jobs with the plan’s crons', () => {
    expect(DEFAULT_SCHEDULES.map((j) => [j.name, j.cron])).toEqual([
      ['dispatch', '*/30 * * * *'],
      ['research', '0 */2 * * *'],
      ['strategy', '0 */4 * * *'],
      ['brief', '0 6 * * *'],
      ['security', '0 22 * * *'],
      ['weekly', '0 9 * * 1'],
    ]);
  });

  it('gives every job its next slots in local time across the spring change (London, 29 Mar 2026)', () => {
    const from = '2026-03-28T23:10:00Z'; // Sat 23:10 GMT; clocks go 01:00 → 02:00 on Sunday
    expect(next('dispatch', LONDON, from, 4)).toEqual([
      'dispatch:2026-03-28T23:30',
      'dispatch:2026-03-29T00:00',
      'dispatch:2026-03-29T00:30',
      'dispatch:2026-03-29T02:00',
    ]);
    expect(next('research', LONDON, from, 3)).toEqual([
      'research:2026-03-29T00:00',
      'research:2026-03-29T02:00',
      'research:2026-03-29T04:00',
    ]);
    expect(next('strategy', LONDON, from, 3)).toEqual([
      'strategy:2026-03-29T00:00',
      'strategy:2026-03-29T04:00',
      'strategy:2026-03-29T08:00',
    ]);
    expect(next('brief', LONDON, from, 3)).toEqual([
      'brief:2026-03-29T06:00',
      'brief:2026-03-30T06:00',
      'brief:2026-03-31T06:00',
    ]);
    expect(next('security', LONDON, from, 2)).toEqual([
      'security:2026-03-29T22:00',
      'security:2026-03-30T22:00',
    ]);
    expect(next('weekly', LONDON, from, 2)).toEqual(['weekly:2026-03-30T09:00', 'weekly:2026-04-06T09:00']);
    // 06:00 local is 06:00 UTC before the change and 05:00 UTC after it.
    const brief = DEFAULT_SCHEDULES.find((j) => j.name === 'brief')?.cron ?? '';
    expect(new Date(nextSlot(brief, LONDON, Date.parse('2026-03-28T00:00:00Z')) ?? 0).toISOString()).toBe(
      '2026-03-28T06:00:00.000Z',
    );
    expect(new Date(nextSlot(brief, LONDON, Date.parse('2026-03-29T00:00:00Z')) ?? 0).toISOString()).toBe(
      '2026-03-29T05:00:00.000Z',
    );
  });

  it('gives every job its next slots across the autumn change (New York, 1 Nov 2026)', () => {
    const from = '2026-11-01T04:10:00Z'; // Sun 00:10 EDT; clocks go 02:00 → 01:00
    expect(next('research', NEW_YORK, from, 3)).toEqual([
      'research:2026-11-01T02:00',
      'research:2026-11-01T04:00',
      'research:2026-11-01T06:00',
    ]);
    expect(next('brief', NEW_YORK, from, 2)).toEqual(['brief:2026-11-01T06:00', 'brief:2026-11-02T06:00']);
    expect(next('weekly', NEW_YORK, from, 1)).toEqual(['weekly:2026-11-02T09:00']);
    expect(next('security', NEW_YORK, from, 1)).toEqual(['security:2026-11-01T22:00']);
    expect(next('strategy', NEW_YORK, from, 2)).toEqual([
      'strategy:2026-11-01T04:00',
      'strategy:2026-11-01T08:00',
    ]);
    expect(next('dispatch', NEW_YORK, from, 2)).toEqual([
      'dispatch:2026-11-01T00:30',
      'dispatch:2026-11-01T01:00',
    ]);
  });

  it.each([
    [LONDON, '2026-03-20T00:00:00Z'],
    [LONDON, '2026-10-20T00:00:00Z'],
    [NEW_YORK, '2026-03-01T00:00:00Z'],
    [NEW_YORK, '2026-10-25T00:00:00Z'],
  ])('runs a daily job once per local day across a DST change (%s from %s)', (timezone, from) => {
    // 06:00 (the brief) and times inside the changed hour (01:30 for London, 02:30 / 01:30 for New York).
    for (const cron of ['0 6 * * *', '30 1 * * *', '30 2 * * *']) {
      const start = Date.parse(from);
      const slots = slotsFrom(cron, timezone, start, start + 14 * DAY, 100);
      const days = slots.map((at) => slotKey('x', at, timezone).slice(2, 12));
      expect(new Set(days).size, `${cron}: no local day twice`).toBe(days.length);
      expect(days.length, `${cron}: no local day skipped`).toBe(14);
      // And the run keys (what the UNIQUE index sees) are distinct too.
      expect(new Set(slots.map((at) => slotKey('x', at, timezone))).size).toBe(14);
    }
  });

  it('finds the latest slot and the period a catch-up window is taken from', () => {
    const brief = '0 6 * * *';
    const at = Date.parse('2026-11-24T09:00:00Z');
    expect(slotKey('brief', latestSlot(brief, 'UTC', at) ?? 0, 'UTC')).toBe('brief:2026-11-24T06:00');
    expect(latestSlot(brief, 'UTC', Date.parse('2026-11-24T06:00:00Z'))).toBe(
      Date.parse('2026-11-24T06:00:00Z'),
    );
    expect(periodAt(brief, 'UTC', at)).toBe(DAY);
    expect(periodAt('*/30 * * * *', 'UTC', at)).toBe(HOUR / 2);
  });

  it('lets the owner override a job', () => {
    const jobs = resolveSchedules({ brief: { cron: '30 7 * * 1-5' }, weekly: { enabled: false } });
    expect(jobs.find((j) => j.name === 'brief')).toMatchObject({ cron: '30 7 * * 1-5', enabled: true });
    expect(jobs.find((j) => j.name === 'weekly')?.enabled).toBe(false);
  });
});
