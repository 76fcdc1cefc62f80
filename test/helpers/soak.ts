// The soak: Kev as a child process against the fake Bot API and a fake model server, fed N owner
// messages (one in ten asks for research, so a task runs through the fake model, comes back for
// review and is approved with a tap), spread over many owner chats because Telegram paces one reply
// a second per chat. Measures Kev's RSS (from /proc) at start, at every tenth of the replies, at the
// end and after a quiet spell, and checks the db afterwards.

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LLM_FAKES } from '../fakes/llm/index.js';
import { startFakeBotApi } from '../fakes/telegram/index.js';
import type { BotMessage, FakeUser } from '../fakes/telegram/state.js';
import { spawnKev } from './kev-process.js';
import { tempDir } from './store.js';
import { FAKE_SECRETS, openRead, stormReply } from './storm.js';

export interface SoakOptions {
  messages: number;
  /** One research message in `taskEvery`. */
  taskEvery?: number;
  chats?: number;
  progress?: (line: string) => void;
  timeoutMs?: number;
  /** More variables for Kev (e.g. NODE_OPTIONS to take heap snapshots). */
  env?: Record<string, string>;
  /** How long Kev is left alone once the soak settled before the last RSS figure (default 0). */
  idleMs?: number;
  /** Called with Kev's pid once the soak settled, before Kev is stopped (e.g. to signal a heap snapshot). */
  settled?: (pid: number) => Promise<void>;
}

export interface SoakReport {
  messages: number;
  tasks: number;
  done: number;
  /** Tasks not done nor failed at the end (0 when the soak settled). */
  open: number;
  /** Idle, polling, before the first message. */
  rssStartMb: number;
  /** Once a tenth of the messages were answered: warmed up (SDKs loaded, JIT, SQLite page cache). */
  rssWarmMb: number;
  /** At every tenth of the replies (10%, 20%, … 100%): the trend, flat when nothing accumulates. */
  rssTrendMb: number[];
  /** When the last task and reply settled. */
  rssEndMb: number;
  /** After `idleMs` more with nothing to do. */
  rssIdleMb: number;
  integrity: string;
  foreignKeyProblems: number;
  dbBytes: number;
  rows: Record<string, number>;
  undelivered: number;
  seconds: number;
}

const FIRST_OWNER = 5000;

function approveOf(message: BotMessage): { text: string; data: string } | undefined {
  return message.buttons.flat().find((b) => b.text === 'Approve');
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const say = options.progress ?? (() => {});
  const chats = options.chats ?? 50;
  const taskEvery = options.taskEvery ?? 10;
  const owners: FakeUser[] = Array.from({ length: chats }, (_, i) => ({
    id: FIRST_OWNER + i,
    first_name: `Owner${i}`,
  }));
  const dir = tempDir('kev-soak-');
  const dataDir = join(dir, 'data');
  const telegram = await startFakeBotApi({ token: FAKE_SECRETS.TELEGRAM_BOT_TOKEN });
  const model = await LLM_FAKES.cerebras({ respond: stormReply(() => 0, 1) });
  const kev = await spawnKev({
    cwd: dir,
    outFile: join(dir, 'kev.out'),
    env: {
      TELEGRAM_BOT_TOKEN: FAKE_SECRETS.TELEGRAM_BOT_TOKEN,
      CEREBRAS_API_KEY: FAKE_SECRETS.CEREBRAS_API_KEY,
      TELEGRAM_API_ROOT: telegram.url,
      CEREBRAS_BASE_URL: model.baseUrl,
      KEV_OWNER_TELEGRAM_IDS: owners.map((o) => o.id).join(','),
      KEV_DATA_DIR: dataDir,
      KEV_LOG_FILE: join(dir, 'kev.log'),
      KEV_LOG_LEVEL: 'warn',
      KEV_CONFIRM_ABOVE_USD: '100',
      KEV_DAILY_BUDGET_USD: '100000',
      KEV_TASK_BUDGET_USD: '100',
      KEV_CONCURRENCY: '8',
      ...options.env,
    },
  });
  const dbFile = join(dataDir, 'kev.db');
  try {
    await telegram.waitFor(() => telegram.callsTo('getUpdates').length > 0, 'Kev to poll', 60_000);
    const rssStartMb = rssMb(kev.pid);
    const rssTrendMb: number[] = [];
    const tenth = Math.max(1, Math.floor(options.messages / 10));
    let tasks = 0;
    // Followed as the fake records them, so each batch costs what it added, not the whole history.
    const toTap: BotMessage[] = [];
    const tapped = new WeakSet<BotMessage>();
    telegram.world.onBotMessage = (message) => {
      if (!tapped.has(message) && approveOf(message)) toTap.push(message);
    };
    const reviews = () => {
      for (const message of toTap.splice(0)) {
        const approve = approveOf(message);
        if (!approve || tapped.has(message)) continue;
        tapped.add(message);
        const owner = owners[message.chatId - FIRST_OWNER] as FakeUser;
        telegram.world.userTap(owner, message, approve.data);
      }
    };
    const replies = () => telegram.world.botMessageCount;
    const trend = () => {
      while (rssTrendMb.length < 10 && replies() >= tenth * (rssTrendMb.length + 1))
        rssTrendMb.push(Math.round(rssMb(kev.pid)));
    };
    for (let i = 0; i < options.messages; i++) {
      const owner = owners[i % chats] as FakeUser;
      const research = i % taskEvery === 0;
      if (research) tasks += 1;
      telegram.world.userText(
        owner,
        research ? `research Q${String(i).padStart(4, '0')}a pricing` : `what do you know about item ${i}?`,
      );
      // Keep at most ~4 unanswered messages per chat in flight, like a busy owner.
      if (i % chats === chats - 1) {
        await telegram.waitFor(() => replies() >= i + 1 - chats * 4, 'replies to keep up', 600_000);
        reviews();
        trend();
      }
      if (i % 1000 === 999)
        say(`${i + 1} messages, ${replies()} replies, Kev RSS ${rssMb(kev.pid).toFixed(0)} MB`);
    }
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    for (;;) {
      reviews();
      trend();
      const db = openRead(dbFile);
      const open = db
        ? (
            db
              .prepare(`select count(*) n from tasks where state in ('ready','in_progress','review')`)
              .get() as { n: number }
          ).n +
          (
            db
              .prepare(`select count(*) n from outbox where delivered_at is null and parked_at is null`)
              .get() as { n: number }
          ).n +
          (
            db
              .prepare(`select count(*) n from messages where direction='in' and handled_at is null`)
              .get() as { n: number }
          ).n
        : 1;
      db?.close();
      if (open === 0 && replies() >= options.messages) break;
      if (Date.now() > deadline) throw new Error(`the soak did not settle (${open} open); see ${dir}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    trend();
    const rssEndMb = rssMb(kev.pid);
    if (options.idleMs) await new Promise((r) => setTimeout(r, options.idleMs));
    const rssIdleMb = rssMb(kev.pid);
    await options.settled?.(kev.pid);
    await kev.terminate();
    const db = openRead(dbFile);
    if (!db) throw new Error('no db');
    try {
      const count = (table: string) =>
        (db.prepare(`select count(*) n from ${table}`).get() as { n: number }).n;
      const rows = Object.fromEntries(
        ['messages', 'outbox', 'tasks', 'task_events', 'agent_runs', 'prompts', 'memory', 'settings'].map(
          (t) => [t, count(t)],
        ),
      );
      return {
        messages: options.messages,
        tasks,
        done: (db.prepare(`select count(*) n from tasks where state='done'`).get() as { n: number }).n,
        open: (
          db.prepare(`select count(*) n from tasks where state not in ('done','failed')`).get() as {
            n: number;
          }
        ).n,
        rssStartMb: Math.round(rssStartMb),
        rssWarmMb: rssTrendMb[0] ?? Math.round(rssEndMb),
        rssTrendMb,
        rssEndMb: Math.round(rssEndMb),
        rssIdleMb: Math.round(rssIdleMb),
        integrity: String((db.pragma('integrity_check', { simple: true }) as string) ?? ''),
        foreignKeyProblems: (db.pragma('foreign_key_check') as unknown[]).length,
        dbBytes: sizeOf(dbFile) + sizeOf(`${dbFile}-wal`),
        rows,
        undelivered: (
          db.prepare(`select count(*) n from outbox where delivered_at is null`).get() as { n: number }
        ).n,
        seconds: Math.round((Date.now() - started) / 1000),
      };
    } finally {
      db.close();
    }
  } finally {
    await kev.kill();
    await telegram.close();
    await model.close();
  }
}
