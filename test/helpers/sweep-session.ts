// The secrets sweep's full session: Kev as a child process with a recognisable fake secret in every
// variable that holds one, run three times over one data directory — Telegram by webhook with
// WhatsApp (crabline), the board and a voice note; Telegram by long polling; the console — with
// tasks for every HTTP provider and both coding CLIs (fake `claude` and `codex`), approved as they
// come. It returns where everything Kev wrote lies, and what the fakes and the board received.

import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/db/index.js';
import { FAKE_CLAUDE, FAKE_CODEX } from '../fakes/cli/helpers.js';
import {
  errorReply,
  type FakeReply,
  type FakeServer,
  jsonReply,
  LLM_FAKES,
  textReply,
} from '../fakes/llm/index.js';
import { type FakeBotApi, startFakeBotApi } from '../fakes/telegram/index.js';
import type { FakeUser } from '../fakes/telegram/state.js';
import { type FakeTranscriber, startFakeTranscriber } from '../fakes/transcribe/server.js';
import { type CrablineFake, OWNER_NUMBER, seedSession, startCrabline } from '../fakes/whatsapp/crabline.js';
import { spawnKev } from './kev-process.js';
import { answer, task } from './llm-triage.js';
import { freePort } from './net.js';
import { tempDir } from './store.js';
import { FAKE_SECRETS, openRead } from './storm.js';

/** One fake secret per variable Kev reads a secret from. */
export const SWEEP_SECRETS = {
  ...FAKE_SECRETS,
  TELEGRAM_WEBHOOK_SECRET: 'whsec-SWEEPSECRET_webhook-0123456789',
  KEV_TRANSCRIBE_API_KEY: 'gsk-SWEEPSECRET-transcribe-0123456789',
} as const;

export const OWNER: FakeUser = { id: 4343, first_name: 'Owner' };

/** Owner words → the task the triage model makes of them: one row per provider Kev can call. */
const TASKS: Array<[RegExp, string, string]> = [
  [/^research/, 'research', 'Scout'], // cerebras
  [/^analyse/, 'analysis', 'Atlas'], // gemini
  [/^review the ui/, 'ui_review', 'Pixel'], // anthropic
  [/^locally/, 'local', 'Glim'], // llama.cpp
  [/^ops/, 'ops', 'Dot'], // openai (kev.config.json below)
  [/^build/, 'code', 'Rex'], // claude
  [/^batch/, 'code_batch', 'Forge'], // codex
];

function reply(call: { system: string | undefined; turns: Array<{ text: string }> }): FakeReply {
  const all = call.turns.map((t) => t.text).join('\n');
  if (!call.system?.includes('Read ONE message from the owner'))
    return textReply(`Findings for ${/S\d{3}/.exec(all)?.[0] ?? 'this'}: three vendors lead.`);
  const message = /<owner-message>\s*([\s\S]*?)\s*<\/owner-message>/.exec(all)?.[1] ?? '';
  const row = TASKS.find(([pattern]) => pattern.test(message.toLowerCase()));
  return jsonReply(
    row ? answer('new_task', { tasks: [task(message, row[1], row[2])] }) : answer('chat', { text: message }),
  );
}

export interface SweepWorld {
  /** Kev's working directory: data dir (db, WAL, workspaces, worktrees, artifacts), log, stdout. */
  kevDir: string;
  dataDir: string;
  /** What the fake CLIs recorded (argv of every call, the env of each), outside Kev's directory. */
  sinkDir: string;
  telegram: FakeBotApi;
  models: Record<string, FakeServer>;
  transcriber: FakeTranscriber;
  whatsapp: CrablineFake;
  /** `kev board`'s output, the login token it printed, the session cookie the board set. */
  board: { printed: string; token: string; cookie: string; pages: Record<string, string> };
  /** `kev doctor`'s output. */
  doctor: string;
  tasks: number;
  close(): Promise<void>;
}

async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A CLI binary that records its env, then runs the fake in `mode`. */
function fakeCli(dir: string, name: string, script: string, mode: string, sink: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      `env > "${sink}/${name}-env-$$.txt"`,
      `export FAKE_CLI_MODE=${mode} FAKE_CLI_LOG="${sink}/cli-calls.jsonl"`,
      `exec "${process.execPath}" "${script}" "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return path;
}

export async function runSweepSession(say: (line: string) => void = () => {}): Promise<SweepWorld> {
  const dir = tempDir('kev-sweep-');
  const kevDir = join(dir, 'kev');
  const dataDir = join(kevDir, 'data');
  const sinkDir = join(dir, 'sink');
  for (const d of [dataDir, sinkDir, join(dir, 'home'), join(dir, 'bin')]) mkdirSync(d, { recursive: true });
  const telegram = await startFakeBotApi({ token: SWEEP_SECRETS.TELEGRAM_BOT_TOKEN });
  telegram.world.privateChat(OWNER);
  const names = ['anthropic', 'openai', 'cerebras', 'gemini', 'llamacpp'] as const;
  const servers = await Promise.all(names.map((name) => LLM_FAKES[name]({ respond: reply })));
  const models = Object.fromEntries(names.map((name, i) => [name, servers[i] as FakeServer]));
  const transcriber = await startFakeTranscriber();
  const whatsapp = await startCrabline();
  const seed = openStore(join(dataDir, 'kev.db'));
  seedSession(seed.whatsapp, whatsapp.manifest.selfJid);
  seed.close();
  // No default route reaches the OpenAI API: ops work goes there, so every provider is called.
  writeFileSync(
    join(kevDir, 'kev.config.json'),
    JSON.stringify({ routes: { ops: { ladder: ['openai/gpt-5-mini'] } } }),
  );
  const hookPort = await freePort();
  const boardPort = await freePort();
  const base: Record<string, string> = {
    ...SWEEP_SECRETS,
    HOME: join(dir, 'home'),
    TELEGRAM_API_ROOT: telegram.url,
    KEV_OWNER_TELEGRAM_IDS: String(OWNER.id),
    KEV_DATA_DIR: dataDir,
    KEV_LOG_FILE: join(kevDir, 'kev.log'),
    KEV_LOG_LEVEL: 'debug',
    KEV_TIMEZONE: 'UTC',
    KEV_CONFIRM_ABOVE_USD: '100',
    KEV_DAILY_BUDGET_USD: '1000',
    KEV_TASK_BUDGET_USD: '100',
    ANTHROPIC_BASE_URL: models.anthropic!.baseUrl,
    OPENAI_BASE_URL: models.openai!.baseUrl,
    CEREBRAS_BASE_URL: models.cerebras!.baseUrl,
    GEMINI_BASE_URL: models.gemini!.baseUrl,
    LLAMACPP_BASE_URL: models.llamacpp!.baseUrl,
    KEV_TRANSCRIBE_BASE_URL: transcriber.baseUrl,
    CLAUDE_BIN: fakeCli(join(dir, 'bin'), 'claude', FAKE_CLAUDE, 'edit_and_commit', sinkDir),
    CODEX_BIN: fakeCli(join(dir, 'bin'), 'codex', FAKE_CODEX, 'edit', sinkDir),
  };
  const withWebhook = {
    ...base,
    TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/telegram`,
    TELEGRAM_WEBHOOK_PORT: String(hookPort),
    KEV_WHATSAPP: '1',
    KEV_OWNER_WHATSAPP: `+${OWNER_NUMBER}`,
    KEV_WHATSAPP_WS_URL: whatsapp.url,
    KEV_WHATSAPP_MIN_INTERVAL_MS: '0',
    KEV_BOARD_PORT: String(boardPort),
  };
  const outFile = join(kevDir, 'kev.out');
  const dbFile = join(dataDir, 'kev.db');
  let tasks = 0;
  const tapped = new Set<number>();
  const approve = () => {
    for (const m of telegram.world.messages(OWNER.id)) {
      const button = m.buttons.flat().find((b) => b.text === 'Approve');
      if (!button || tapped.has(m.message_id)) continue;
      tapped.add(m.message_id);
      telegram.world.userTap(OWNER, m, button.data);
    }
  };
  const settled = (expected: number) => {
    approve();
    const db = openRead(dbFile);
    if (!db) return false;
    try {
      const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      return (
        one(`select count(*) n from tasks where state in ('done','failed')`) >= expected &&
        one(`select count(*) n from tasks where state not in ('done','failed')`) === 0 &&
        one(`select count(*) n from outbox where delivered_at is null and parked_at is null`) === 0 &&
        one(`select count(*) n from messages where direction='in' and handled_at is null`) === 0
      );
    } finally {
      db.close();
    }
  };

  // 1. Webhook, WhatsApp, the board, a voice note, a task for every provider and both CLIs. Faults
  // first, so the error paths write too: servers that echo the key they were sent (as a proxy or an
  // SDK's error can), a failed webhook set-up, a 429 on a reply.
  say('session 1: webhook, WhatsApp, board');
  models.cerebras!.script(errorReply(401, `Incorrect API key provided: ${SWEEP_SECRETS.CEREBRAS_API_KEY}`));
  models.gemini!.script(errorReply(500, `upstream refused key=${SWEEP_SECRETS.GEMINI_API_KEY}`));
  // Atlas's backup after Gemini's 500: the analysis task fails on both rungs (a failure notice).
  models.anthropic!.script(errorReply(429, `rate limited for ${SWEEP_SECRETS.ANTHROPIC_API_KEY}`));
  transcriber.script(401);
  telegram.inject('setWebhook', { status: 500, description: 'Internal Server Error' }, 1);
  telegram.inject('sendMessage', { status: 429, retryAfter: 1 }, 1);
  let kev = await spawnKev({ env: withWebhook, cwd: kevDir, outFile });
  await until(() => telegram.world.webhook?.secret === SWEEP_SECRETS.TELEGRAM_WEBHOOK_SECRET, 'setWebhook');
  telegram.world.userText(OWNER, 'what do you know about S001?');
  for (const [i, words] of [
    'research S002 pricing',
    'analyse S003 contracts',
    'review the UI of S004',
    'locally summarise S005',
    'ops check of S006',
    'build S007 an export page',
    'batch refactor S008',
  ].entries()) {
    telegram.world.userText(OWNER, words);
    tasks += 1;
    await until(() => settled(i + 1), `task ${i + 1} (${words}) to settle`, 90_000);
  }
  telegram.world.userVoice(OWNER, Buffer.from('OggS fake voice'), 2);
  await until(() => transcriber.requests.length > 0 && settled(tasks), 'the voice note');
  await whatsapp.say('/help');
  await whatsapp.waitFor(() => whatsapp.sent[0], 'the WhatsApp reply', 60_000);
  await whatsapp.say('research S009 on WhatsApp');
  tasks += 1;
  await whatsapp.waitFor(
    () => whatsapp.sent.find((s) => /Review #/.test(s.text)),
    'the WhatsApp review',
    60_000,
  );
  await whatsapp.say('1');
  await until(() => settled(tasks), 'the WhatsApp task');
  const board = await visitBoard({ env: withWebhook, cwd: kevDir, sinkDir, port: boardPort, tasks });
  const doctor = await runCli(withWebhook, kevDir, join(sinkDir, 'doctor.out'), ['doctor']);
  await kev.terminate();

  // 2. Long polling (the webhook removed), one more task.
  say('session 2: polling');
  kev = await spawnKev({ env: base, cwd: kevDir, outFile });
  await until(
    () => telegram.world.webhook === undefined && telegram.callsTo('getUpdates').length > 0,
    'polling',
  );
  telegram.world.userText(OWNER, '/status');
  telegram.world.userText(OWNER, 'research S010 while polling');
  tasks += 1;
  await until(() => settled(tasks), 'the polled task');
  await kev.terminate();

  // 3. The console (no chat platform configured), one more task approved by its number.
  say('session 3: console');
  const consoleEnv = { ...base };
  delete (consoleEnv as Record<string, string | undefined>).TELEGRAM_BOT_TOKEN;
  kev = await spawnKev({ env: consoleEnv, cwd: kevDir, outFile, input: true });
  const out = () => readFileSync(outFile, 'utf8');
  const before = out().length;
  kev.child.stdin?.write('/status\nresearch S011 in the terminal\n');
  tasks += 1;
  await until(() => /Review #\d+/.test(out().slice(before)), 'the console review');
  kev.child.stdin?.write('1\n');
  await until(() => settled(tasks), 'the console task');
  kev.child.stdin?.end();
  await Promise.race([kev.exited, new Promise((r) => setTimeout(r, 15_000))]);
  await kev.kill();

  return {
    ...{ kevDir, dataDir, sinkDir, telegram, models, transcriber, whatsapp, board, doctor, tasks },
    close: async () => {
      await telegram.close();
      await Promise.all(servers.map((s) => s.close()));
      await transcriber.close();
      await whatsapp.close();
    },
  };
}

/** Runs `kev <args>` to its end and returns what it printed. */
async function runCli(env: Record<string, string>, cwd: string, outFile: string, args: string[]) {
  const child = await spawnKev({ env, cwd, outFile, args });
  await Promise.race([child.exited, new Promise((r) => setTimeout(r, 30_000))]);
  await child.kill();
  return readFileSync(outFile, 'utf8');
}

/** `kev board`, the login link it prints, then every page, task page and artifact with the session. */
async function visitBoard(o: {
  env: Record<string, string>;
  cwd: string;
  sinkDir: string;
  port: number;
  tasks: number;
}): Promise<SweepWorld['board']> {
  const printed = await runCli(o.env, o.cwd, join(o.sinkDir, 'board.out'), ['board']);
  const link = /(http:\/\/\S+\/login\?token=(\S+))/.exec(printed);
  if (!link?.[1] || !link[2]) throw new Error(`kev board printed no link: ${printed}`);
  const login = await fetch(link[1], { redirect: 'manual' });
  const cookie = /kev_board=([^;]+)/.exec(login.headers.getSetCookie().join('\n'))?.[1];
  if (login.status !== 303 || !cookie) throw new Error(`the board refused its login link (${login.status})`);
  const origin = new URL(link[1]).origin;
  const pages: Record<string, string> = {};
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(origin + path, { headers: { cookie: `kev_board=${cookie}`, ...headers } });
    const head = [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
    pages[path + (headers['x-board-fragment'] ? ' (fragment)' : '')] = `${head}\n\n${await response.text()}`;
  };
  const paths = ['/', '/spend', '/pipelines', '/schedules', '/agents', '/health', '/assets/board.js'];
  for (let id = 1; id <= o.tasks; id++) paths.push(`/task/${id}`);
  for (const path of paths) await get(path);
  for (const path of paths.slice(0, 6)) await get(path, { 'x-board-fragment': '1' });
  // Artifacts linked from the task pages.
  for (const page of Object.values(pages))
    for (const [, href] of page.matchAll(/href="(\/task\/\d+\/artifacts\/[^"]+)"/g))
      if (href && !pages[href]) await get(href.replaceAll('&amp;', '&'));
  const events = await fetch(`${origin}/events`, { headers: { cookie: `kev_board=${cookie}` } });
  const reader = events.body?.getReader();
  const first = await reader?.read();
  await reader?.cancel();
  pages['/events'] = Buffer.from(first?.value ?? []).toString('utf8');
  return { printed, token: link[2], cookie, pages };
}
