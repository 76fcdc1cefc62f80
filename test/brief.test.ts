// The brief from real rows: its title line, each section (finished, waiting with buttons, failed
// and why, cancelled, spend by agent against the budget, what runs today), and the one-screen limit.

import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/db/index.js';
import { BRIEF_MAX_CHARS, BRIEF_MAX_LINES, briefTitle, buildBrief } from '../src/kev/brief/build.js';
import { BRIEF_SECTIONS, type BriefInput } from '../src/kev/brief/sections.js';
import { resolveSchedules } from '../src/kev/schedules/table.js';
import { type TempStore, tempStore } from './helpers/store.js';

let t: TempStore | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const NOW = Date.UTC(2026, 10, 24, 6, 0, 0); // Tue 24 Nov 2026, 06:00 UTC
const HOUR = 3_600_000;

function input(store: Store, over: Partial<BriefInput> = {}): BriefInput {
  return {
    store,
    now: NOW,
    timezone: 'UTC',
    dailyBudgetUsd: 5,
    jobs: resolveSchedules(),
    since: NOW - 24 * HOUR,
    ...over,
  };
}

function task(store: Store, title: string, agent = 'Scout', type = 'research') {
  return store.tasks.create({ title, type, agent });
}

function toReview(store: Store, id: number, result = 'a result') {
  const claimed = store.tasks.claim('w', 60_000);
  if (claimed?.id !== id) throw new Error('claimed the wrong task');
  return store.tasks.complete(id, 'w', result);
}

function charge(store: Store, taskId: number, agent: string, micros: number) {
  const run = store.ledger.start({ taskId, attempt: 1, agent, provider: 'cerebras', model: 'gpt-oss-120b' });
  store.ledger.finish(run.id, {
    outcome: 'ok',
    inputTokens: 10,
    outputTokens: 10,
    cachedTokens: 0,
    costMicros: micros,
  });
}

describe('the brief', () => {
  it('names the day in its first line', () => {
    expect(briefTitle(NOW, 'UTC')).toBe('Brief · Tue 24 Nov');
    // At 23:30 UTC on the 24th it is already Wednesday in Tokyo.
    expect(briefTitle(NOW + 17.5 * HOUR, 'Asia/Tokyo')).toBe('Brief · Wed 25 Nov');
  });

  it('is built from the rows: finished, waiting (with buttons), failed and why, cancelled, spend, today', () => {
    t = tempStore();
    const { store, clock } = t;
    clock.now = NOW - 30 * HOUR;
    const old = task(store, 'An old finished task');
    store.tasks.move(old.id, 'failed', { reason: 'x', patch: { note: 'long ago' } });
    clock.now = NOW - 5 * HOUR;
    const done = task(store, 'Pricing of Notion');
    toReview(store, done.id);
    store.tasks.move(done.id, 'done');
    const review = task(store, 'Top vector databases');
    toReview(store, review.id);
    const broken = task(store, 'Competitor teardown');
    store.tasks.claim('w', 60_000);
    store.tasks.fail(broken.id, 'w', 'every model refused');
    const cancelled = task(store, 'Old idea');
    store.tasks.move(cancelled.id, 'cancelled', {
      reason: 'cancelled',
      patch: { note: 'cancelled by the owner' },
    });
    const ready = task(store, 'Draft the launch post', 'Blaze', 'marketing');
    charge(store, done.id, 'Scout', 120_000);
    charge(store, review.id, 'Atlas', 30_000);
    clock.now = NOW;

    const brief = buildBrief(input(store));
    const lines = brief.text.split('\n');
    expect(lines[0]).toBe('Brief · Tue 24 Nov');
    expect(brief.text).toContain(`Finished (1)\n• #${done.id} Scout — Pricing of Notion`);
    expect(brief.text).toContain(
      `Waiting for you (1)\n• #${review.id} research by Scout — Top vector databases`,
    );
    expect(brief.text).toContain(`Failed (1)\n• #${broken.id} Competitor teardown: every model refused`);
    expect(brief.text).toContain(`Cancelled (1)\n• #${cancelled.id} Scout — Old idea`);
    expect(brief.text).not.toContain('An old finished task');
    expect(brief.text).toContain('• Since the last brief $0.15: Scout $0.12 · Atlas $0.03');
    expect(brief.text).toContain('• Today $0.15 of $5.00 budget');
    // 06:00 now: what is still to come today, each job with its next time and how many more.
    expect(brief.text).toContain(
      '• Scheduled: dispatch 06:30 +34 · research 08:00 +7 · strategy 08:00 +3 · security 22:00',
    );
    expect(brief.text).toContain(`• Ready to run: 1 (#${ready.id})`);
    store.schedules.setPaused('research', true, NOW);
    const paused = buildBrief(input(store)).text;
    expect(paused).toContain('• Scheduled: dispatch 06:30 +34 · strategy 08:00 +3 · security 22:00');
    expect(paused).toContain('• Paused: research (/schedules resume <name>)');
    expect(brief.choices?.map((c) => c.label)).toEqual([
      `Approve #${review.id}`,
      `Reject #${review.id}`,
      `Revise #${review.id}`,
    ]);
    expect(brief.choices?.[0]?.intent).toEqual({ kind: 'approve', taskId: review.id });
  });

  it('says all is quiet only through the sections that always speak (spend, today)', () => {
    t = tempStore();
    const { store } = t;
    const brief = buildBrief(input(store));
    expect(brief.text.split('\n')).toEqual([
      'Brief · Tue 24 Nov',
      'Spend',
      '• No model calls since the last brief',
      '• Today $0.00 of $5.00 budget',
      'Today',
      '• Scheduled: dispatch 06:30 +34 · research 08:00 +7 · strategy 08:00 +3 · security 22:00',
    ]);
    expect(brief.choices).toBeUndefined();
  });

  it('fits one phone screen: a long section is cut with its command, and long sections collapse to a count', () => {
    t = tempStore();
    const { store, clock } = t;
    clock.now = NOW - 2 * HOUR;
    for (let i = 0; i < 30; i++) {
      const row = task(store, `Review item number ${i} with a fairly long title to fill the line`);
      toReview(store, row.id);
    }
    for (let i = 0; i < 30; i++) {
      const row = task(store, `Finished item number ${i} with a fairly long title to fill the line`);
      toReview(store, row.id);
      store.tasks.move(row.id, 'done');
    }
    for (let i = 0; i < 30; i++) {
      const row = task(store, `Failed item ${i}`);
      store.tasks.claim('w', 60_000);
      store.tasks.fail(row.id, 'w', 'the provider was down for the whole afternoon, every attempt');
    }
    for (let i = 0; i < 30; i++) {
      const row = task(store, `Cancelled item ${i}`);
      store.tasks.move(row.id, 'cancelled', {
        reason: 'cancelled',
        patch: { note: 'cancelled by the owner' },
      });
    }
    clock.now = NOW;
    const brief = buildBrief(input(store));
    const lines = brief.text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(BRIEF_MAX_LINES);
    expect(brief.text.length).toBeLessThanOrEqual(BRIEF_MAX_CHARS);
    expect(lines[0]).toBe('Brief · Tue 24 Nov');
    // Each long section is a count and the command that shows it, or its first items and "+N more".
    for (const [heading, command] of [
      ['Finished', '/queue done'],
      ['Waiting for you', '/queue waiting'],
      ['Failed', '/queue failed'],
      ['Cancelled', '/queue cancelled'],
    ]) {
      const collapsed = lines.includes(`${heading}: 30 — ${command}`);
      const cut = lines.includes(`${heading} (30)`) && lines.includes(`  +26 more: ${command}`);
      expect(collapsed || cut, `${heading} in:\n${brief.text}`).toBe(true);
    }
    // Cut to four items each, the sections would not fit: the longest collapsed to one line.
    expect(lines.filter((l) => /^[A-Z][a-z ]+: 30 — \/queue/.test(l)).length).toBeGreaterThan(0);
    expect(brief.text).toContain('Today\n• Scheduled:');
    // Buttons for the first two reviews only.
    expect(brief.choices).toHaveLength(6);
  });

  it('tells the owner which scheduled runs did not happen since the last brief', () => {
    t = tempStore();
    const { store } = t;
    const slot = (job: string, hour: number) => ({
      job,
      slotKey: `${job}:2026-11-24T0${hour}:00`,
      slotAt: Date.UTC(2026, 10, 24, hour),
    });
    store.schedules.markMissed([slot('research', 2), slot('research', 4)], 'Kev was not running', NOW - HOUR);
    store.schedules.markMissed([slot('strategy', 0)], 'Kev was not running', NOW - 48 * HOUR);
    const claim = store.schedules.claim(slot('security', 1), 't', NOW - HOUR, 1);
    if (claim.status !== 'claimed') throw new Error(claim.status);
    store.schedules.finish(claim.row.id, { outcome: 'failed', detail: 'the disk is full' }, NOW - HOUR);
    const brief = buildBrief(input(store));
    expect(brief.text).toContain(
      'Scheduled runs that did not happen\n• security: 1 failed (the disk is full)\n• research: 2 missed while Kev was not running',
    );
    expect(brief.text).not.toContain('strategy:');
  });

  it('renders sections from the table, so a new section is one row', () => {
    t = tempStore();
    const { store } = t;
    const extra = {
      name: 'pipelines',
      build: () => ({ heading: 'Pipelines', items: ['#1 PDF tool · stage 3/7 PRD'], command: '/pipelines' }),
    };
    const brief = buildBrief(input(store), [...BRIEF_SECTIONS, extra]);
    expect(brief.text).toContain('Pipelines (1)\n• #1 PDF tool · stage 3/7 PRD');
  });
});
