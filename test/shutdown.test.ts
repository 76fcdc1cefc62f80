// SIGTERM drains: Kev as a child process stops claiming, lets a running attempt finish within the
// grace (10 s) and delivers its review request, or, when the call outlasts the grace, aborts it and
// puts the task back in ready without spending an attempt; the ledger keeps no "running" call.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeReply, type FakeServer, LLM_FAKES, slow } from './fakes/llm/index.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { spawnKev } from './helpers/kev-process.js';
import { tempDir } from './helpers/store.js';
import { FAKE_SECRETS, OWNER, openRead, stormReply } from './helpers/storm.js';

let telegram: FakeBotApi | undefined;
let model: FakeServer | undefined;
afterEach(async () => {
  await telegram?.close();
  await model?.close();
  telegram = model = undefined;
});

/** Kev with one research task whose model call takes `callMs`; SIGTERM once the call is under way. */
async function termMidCall(callMs: number) {
  const quick = stormReply(() => 0, 1);
  model = await LLM_FAKES.cerebras({
    respond: (call): FakeReply => {
      const reply = quick(call);
      const triage = call.system?.includes('Read ONE message from the owner');
      return triage || reply.kind === 'destroy' ? reply : slow(callMs, reply);
    },
  });
  telegram = await startFakeBotApi({ token: FAKE_SECRETS.TELEGRAM_BOT_TOKEN });
  const dir = tempDir('kev-shutdown-');
  const dbFile = join(dir, 'data', 'kev.db');
  const kev = await spawnKev({
    cwd: dir,
    outFile: join(dir, 'kev.out'),
    env: {
      TELEGRAM_BOT_TOKEN: FAKE_SECRETS.TELEGRAM_BOT_TOKEN,
      CEREBRAS_API_KEY: FAKE_SECRETS.CEREBRAS_API_KEY,
      TELEGRAM_API_ROOT: telegram.url,
      CEREBRAS_BASE_URL: model.baseUrl,
      KEV_OWNER_TELEGRAM_IDS: String(OWNER.id),
      KEV_DATA_DIR: join(dir, 'data'),
      KEV_LOG_FILE: join(dir, 'kev.log'),
      KEV_CONFIRM_ABOVE_USD: '100',
    },
  });
  await telegram.waitFor(() => telegram?.callsTo('getUpdates').length, 'Kev to poll', 60_000);
  telegram.world.userText(OWNER, 'research Q0001a pricing');
  telegram.world.userText(OWNER, 'research Q0002a pricing');
  const calls = () => model?.calls().filter((c) => !c.system?.includes('Read ONE message')).length ?? 0;
  await telegram.waitFor(() => calls() > 0, 'the task call to start', 60_000);
  const queuedBefore = telegram.world.messages(OWNER.id).length;
  const exit = await kev.terminate();
  const db = openRead(dbFile);
  if (!db) throw new Error('no db');
  try {
    return {
      exit,
      queuedBefore,
      tasks: db.prepare('select id, state, attempts from tasks order by id').all() as Array<{
        id: number;
        state: string;
        attempts: number;
      }>,
      claims: (
        db.prepare(`select count(*) n from task_events where to_state='in_progress'`).get() as { n: number }
      ).n,
      running: (
        db.prepare(`select count(*) n from agent_runs where outcome='running'`).get() as { n: number }
      ).n,
      undelivered: (
        db.prepare('select count(*) n from outbox where delivered_at is null').get() as { n: number }
      ).n,
      sent: telegram.world.messages(OWNER.id).map((m) => m.text),
    };
  } finally {
    db.close();
  }
}

describe('SIGTERM', () => {
  it('lets a running attempt finish within the grace, claims nothing new, and flushes the outbox', {
    timeout: 120_000,
  }, async () => {
    const after = await termMidCall(2000);
    expect(after.exit).toEqual({ code: 0, signal: null });
    expect(after.running).toBe(0);
    const states = after.tasks.map((t) => t.state).sort();
    // One attempt ran to its end (review); the other task was never claimed after the signal.
    expect(states).toContain('review');
    expect(after.claims).toBe(after.tasks.filter((t) => t.state !== 'ready').length);
    expect(after.undelivered).toBe(0);
    expect(after.sent.some((t) => /Q0001a|Q0002a/.test(t) && /review|Approve/i.test(t))).toBe(true);
  });

  it('releases an attempt that outlasts the grace without spending it', { timeout: 120_000 }, async () => {
    const after = await termMidCall(30_000);
    expect(after.exit).toEqual({ code: 0, signal: null });
    expect(after.running).toBe(0);
    for (const task of after.tasks) {
      expect(task.state).toBe('ready');
      expect(task.attempts).toBe(0);
    }
    expect(after.undelivered).toBe(0);
  });
});
