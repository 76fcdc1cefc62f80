// Reminders: "remind me to …" (offline rules) and /remind keep a reminder that every brief shows
// until it is forgotten; /memory lists reminders apart from facts.

import { afterEach, describe, expect, it } from 'vitest';
import { RulesParser } from '../src/intents/index.js';
import { buildBrief } from '../src/kev/brief/build.js';
import { resolveSchedules } from '../src/kev/schedules/table.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { type KevHarness, kevHarness } from './helpers/kev.js';

let h: KevHarness | undefined;
afterEach(() => {
  h?.cleanup();
  h = undefined;
});

const NOW = Date.UTC(2026, 10, 24, 6, 0, 0);

function brief(harness: KevHarness): string {
  return buildBrief({
    store: harness.store,
    now: NOW,
    timezone: 'UTC',
    dailyBudgetUsd: 5,
    jobs: resolveSchedules(),
    since: NOW - 86_400_000,
  }).text;
}

describe('reminders', () => {
  it('"remind me to …" keeps a reminder that the brief shows until it is forgotten', async () => {
    h = kevHarness({ parser: new RulesParser(DEFAULT_POLICY.routes) });
    const [reply] = await h.say('remind me to renew the domain before Friday');
    expect(reply?.text).toMatch(/remind you in every brief/);
    const [row] = h.store.memory.list('reminder');
    expect(row?.text).toBe('renew the domain before Friday');
    expect(h.store.memory.list('fact')).toHaveLength(0);
    expect(brief(h)).toMatch(/Reminders[\s\S]*renew the domain before Friday/);

    const [memory] = await h.say('/memory');
    expect(memory?.text).toMatch(/Reminders \(in every brief\):\n\d+\. renew the domain/);

    await h.say(`/forget ${row?.id}`);
    expect(h.store.memory.list('reminder')).toHaveLength(0);
    expect(brief(h)).not.toMatch(/Reminders/);
  });

  it('/remind keeps a reminder; without text it says what it needs', async () => {
    h = kevHarness();
    const [empty] = await h.say('/remind');
    expect(empty?.text).toMatch(/\/remind needs what to remind you of/);
    expect(h.store.memory.list('reminder')).toHaveLength(0);
    await h.say('/remind call the accountant');
    expect(h.store.memory.list('reminder').map((m) => m.text)).toEqual(['call the accountant']);
    expect(brief(h)).toMatch(/call the accountant/);
  });

  it('a plain fact is not a reminder and stays out of the brief', async () => {
    h = kevHarness({ parser: new RulesParser(DEFAULT_POLICY.routes) });
    await h.say('remember that our fiscal year starts in April');
    expect(h.store.memory.list('fact')).toHaveLength(1);
    expect(h.store.memory.list('reminder')).toHaveLength(0);
    expect(brief(h)).not.toMatch(/Reminders/);
  });
});
