// /schedules, /schedules pause|resume, /topics add|remove and /brief through Kev's command table.

import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/db/index.js';
import { helpText } from '../src/kev/commands.js';
import { type KevHarness, kevHarness } from './helpers/kev.js';

let h: KevHarness | undefined;
afterEach(() => {
  h?.cleanup();
  h = undefined;
});

async function text(harness: KevHarness, message: string): Promise<string> {
  const replies = await harness.say(message);
  return replies.map((r) => r.text).join('\n---\n');
}

describe('/schedules', () => {
  it('lists every job with its next run in the owner’s time zone and its last outcome', async () => {
    h = kevHarness(); // Mon 23 Nov 2026, 09:00 UTC
    h.store.schedules.claim(
      { job: 'brief', slotKey: 'brief:2026-11-23T06:00', slotAt: Date.UTC(2026, 10, 23, 6) },
      't',
      0,
      1,
    );
    const row = h.store.schedules.latest('brief');
    h.store.schedules.finish(row?.id ?? 0, { outcome: 'ok', detail: 'sent to telegram' }, 1);
    h.store.schedules.markMissed(
      [{ job: 'strategy', slotKey: 'strategy:2026-11-23T08:00', slotAt: Date.UTC(2026, 10, 23, 8) }],
      'Kev was not running (or the machine slept) at that time',
      1,
    );
    const out = await text(h, '/schedules');
    expect(out).toContain('Schedules (UTC):');
    expect(out).toContain('dispatch · */30 * * * * · next 09:30\n  not run yet');
    expect(out).toContain('research · 0 */2 * * * · next 10:00');
    expect(out).toContain(
      'strategy · 0 */4 * * * · next 12:00\n  missed 1 slot (latest 08:00; Kev was not running)',
    );
    expect(out).toContain('brief · 0 6 * * * · next Tue 24 Nov 06:00\n  last 06:00 ok: sent to telegram');
    expect(out).toContain('security · 0 22 * * * · next 22:00');
    expect(out).toContain('weekly · 0 9 * * 1 · next Mon 30 Nov 09:00');
  });

  it('pauses and resumes a job, and the pause is kept in the database', async () => {
    h = kevHarness();
    expect(await text(h, '/schedules pause research')).toBe(
      'Paused research: it does not run until /schedules resume research.',
    );
    expect(await text(h, '/schedules pause research')).toContain('already paused');
    expect(await text(h, '/schedules')).toContain('research · 0 */2 * * * · paused');
    const other = openStore(h.file);
    expect(other.schedules.state('research').paused).toBe(true);
    other.close();
    expect(await text(h, '/schedules resume research')).toBe(
      'Resumed research; next run 10:00. Slots that passed while it was paused are not caught up.',
    );
    expect(h.store.schedules.state('research')).toEqual({ paused: false, since: h.clock.now });
  });

  it.each([
    [
      '/schedules pause',
      '/schedules pause needs a job: dispatch, research, strategy, brief, security, weekly.',
    ],
    [
      '/schedules pause lunch',
      'There is no job “lunch”. The jobs are dispatch, research, strategy, brief, security, weekly.',
    ],
    ['/schedules stop brief', '/schedules takes pause <…> or resume <…>, or nothing to list.'],
    ['/schedules resume brief', 'brief is not paused.'],
  ])('answers %s with one clear sentence', async (message, answer) => {
    h = kevHarness();
    expect(await text(h, message)).toBe(answer);
  });

  it('is in /help', () => {
    expect(helpText()).toContain('/schedules [pause|resume <name>]');
    expect(helpText()).toContain('/topics [add|remove <topic>]');
  });
});

describe('/topics', () => {
  it('adds, lists and removes standing topics, stored in SQLite', async () => {
    h = kevHarness();
    expect(await text(h, '/topics')).toBe(
      'No standing topics yet, so the research cycle skips. /topics add <topic> adds one.',
    );
    expect(await text(h, '/topics add open-source vector databases')).toBe(
      'Added topic 1: open-source vector databases. Scout researches it in the research cycle.',
    );
    await text(h, '/topics add AI note-taking apps');
    expect(await text(h, '/topics add  Open-Source   Vector databases')).toBe(
      '“Open-Source Vector databases” is already a standing topic.',
    );
    expect(await text(h, '/topics')).toBe(
      'Standing topics (the research cycle gives them to Scout):\n1. open-source vector databases\n2. AI note-taking apps\n/topics add <topic> · /topics remove <number>',
    );
    expect(await text(h, '/topics remove 1')).toBe('Removed topic: open-source vector databases.');
    expect(await text(h, '/topics remove ai note-taking apps')).toBe('Removed topic: AI note-taking apps.');
    expect(await text(h, '/topics remove 9')).toBe('There is no topic “9”. /topics lists them.');
    expect(h.store.topics.list()).toEqual([]);
    expect(await text(h, '/topics add')).toContain('/topics add needs a topic');
    expect(await text(h, `/topics add ${'x'.repeat(300)}`)).toBe(
      'That topic is 300 characters; keep it under 200. Nothing was saved.',
    );
  });
});

describe('/brief', () => {
  it('sends the new brief now, with buttons for what waits for review', async () => {
    h = kevHarness();
    const task = h.store.tasks.create({ title: 'Top vector databases', type: 'research', agent: 'Scout' });
    h.store.tasks.claim('w', 60_000);
    h.store.tasks.complete(task.id, 'w', 'Qdrant, Weaviate, Milvus');
    const [brief] = await h.say('/brief');
    expect(brief?.text.split('\n')[0]).toBe('Brief · Mon 23 Nov');
    expect(brief?.text).toContain(
      `Waiting for you (1)\n• #${task.id} research by Scout — Top vector databases`,
    );
    expect(brief?.choices).toEqual([`Approve #${task.id}`, `Reject #${task.id}`, `Revise #${task.id}`]);
    const tapped = await h.tap(brief?.promptId ?? 0, 0);
    expect(tapped.replies[0]?.text).toContain(`#${task.id}`);
    expect(h.store.tasks.get(task.id)?.state).toBe('done');
    expect(h.store.settings.get('brief:lastAt')).toBe(h.clock.now);
  });
});
