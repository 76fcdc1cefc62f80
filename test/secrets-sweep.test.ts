// The secrets sweep: one full session (Telegram by webhook and by polling, WhatsApp, the console,
// every model provider, a voice note, both coding CLIs building in worktrees, the board with its
// login), every secret a recognisable fake, then every byte Kev wrote and sent is searched for each
// secret in every form (raw, escaped, URL-encoded, hex, base64 at any alignment): the files of its
// directory (db, WAL, log, stdout, artifacts, workspaces), the db read through SQLite, every git
// object of every repository, what the fakes received, what the coding CLIs were given, and every
// page of the board. A provider's own key in its own auth header, the webhook secret in setWebhook
// and the CLI's own key in its env are the places a secret must go; nowhere else.
// Faults on the way (model servers that echo the key in their errors, a failed webhook set-up, a
// 429) make the error paths write too.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLog } from './fakes/cli/helpers.js';
import { secretsIn } from './helpers/secret-forms.js';
import { openRead } from './helpers/storm.js';
import { runSweepSession, SWEEP_SECRETS, type SweepWorld } from './helpers/sweep-session.js';

let world: SweepWorld;

beforeAll(async () => {
  world = await runSweepSession((line) => console.log(`sweep: ${line}`));
}, 420_000);

afterAll(async () => {
  await world?.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = lstatSync(path);
    return stat.isDirectory() ? filesUnder(path) : stat.isFile() ? [path] : [];
  });
}

/** Every secret, plus the board's login token and session cookie, which Kev must not keep either. */
function allSecrets(): Record<string, string> {
  return { ...SWEEP_SECRETS, BOARD_LOGIN_TOKEN: world.board.token, BOARD_COOKIE: world.board.cookie };
}

function without(names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(SWEEP_SECRETS).filter(([name]) => !names.includes(name)));
}

function leaksIn(where: string, bytes: Buffer | string, secrets = allSecrets()): string[] {
  return secretsIn(bytes, secrets).map((name) => `${name} in ${where}`);
}

describe('secrets sweep over a full session', () => {
  it('ran everything it claims to: every provider, both CLIs, every transport, the board', () => {
    for (const [name, model] of Object.entries(world.models))
      expect(model.requests.length, `${name} was called`).toBeGreaterThan(0);
    expect(world.transcriber.requests.length).toBeGreaterThan(0);
    expect(new Set(readLog(join(world.sinkDir, 'cli-calls.jsonl')).map((c) => c.cli))).toEqual(
      new Set(['claude', 'codex']),
    );
    expect(world.whatsapp.sent.length).toBeGreaterThan(0);
    expect(world.telegram.webhookDeliveries.some((d) => d.status === 200)).toBe(true);
    expect(world.telegram.callsTo('getUpdates').some((c) => c.status === 200)).toBe(true);
    expect(readFileSync(join(world.kevDir, 'kev.out'), 'utf8')).toMatch(/Approved #\d+/);
    expect(world.board.pages['/']).toMatch(/^content-type: text\/html/m);
    const db = openRead(join(world.dataDir, 'kev.db'));
    const states = db?.prepare(`select type, state from tasks order by id`).all() as Array<{
      type: string;
      state: string;
    }>;
    db?.close();
    // The analysis task meets both scripted faults (Gemini 500, then Anthropic 429) and fails; the rest are done.
    expect(states).toHaveLength(world.tasks);
    expect(states.filter((t) => t.state !== 'done')).toEqual([{ type: 'analysis', state: 'failed' }]);
  });

  it('leaves no secret in any file Kev wrote: db, WAL, log, stdout, artifacts, workspaces', () => {
    const files = filesUnder(world.kevDir);
    expect(files.some((f) => f.endsWith('kev.db'))).toBe(true);
    expect(files.some((f) => f.includes('/worktrees/') || f.includes('/workspaces/'))).toBe(true);
    expect(files.flatMap((file) => leaksIn(file, readFileSync(file)))).toEqual([]);
  });

  it('leaves no secret in any row of any table, read through SQLite', () => {
    const db = openRead(join(world.dataDir, 'kev.db'));
    if (!db) throw new Error('no db');
    const leaks: string[] = [];
    try {
      const tables = db.prepare(`select name from sqlite_master where type = 'table'`).all() as Array<{
        name: string;
      }>;
      for (const { name } of tables)
        for (const row of db.prepare(`select * from "${name}"`).all() as Array<Record<string, unknown>>)
          for (const [column, value] of Object.entries(row)) {
            const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value ?? ''), 'utf8');
            leaks.push(...leaksIn(`${name}.${column}`, bytes));
          }
      // The board keeps only the SHA-256 of the login token it issued.
      const hashes = (db.prepare('select hash from board_tokens').all() as Array<{ hash: string }>).map(
        (r) => r.hash,
      );
      expect(hashes).toContain(createHash('sha256').update(world.board.token).digest('hex'));
    } finally {
      db.close();
    }
    expect(leaks).toEqual([]);
  });

  it('leaves no secret in any git object of any repository or worktree Kev made', () => {
    const repos = filesUnder(world.dataDir)
      .filter((f) => f.endsWith('/.git/HEAD'))
      .map((f) => f.slice(0, -'/.git/HEAD'.length));
    expect(repos.length).toBeGreaterThan(0);
    const leaks = repos.flatMap((repo) => {
      // Every object, unpacked and inflated: commits, trees and each file's content at every version.
      const objects = execFileSync('git', ['cat-file', '--batch-all-objects', '--batch'], {
        cwd: repo,
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(objects.length).toBeGreaterThan(0);
      return leaksIn(`the objects of ${repo}`, objects);
    });
    expect(leaks).toEqual([]);
  });

  it('gave the coding CLIs no secret in their arguments, and only their own key in their env', () => {
    const calls = readLog(join(world.sinkDir, 'cli-calls.jsonl'));
    expect(calls.flatMap((c) => leaksIn(`${c.cli}'s argv`, JSON.stringify(c.argv)))).toEqual([]);
    const envs = readdirSync(world.sinkDir).filter((f) => f.includes('-env-'));
    expect(envs.some((f) => f.startsWith('claude'))).toBe(true);
    expect(envs.some((f) => f.startsWith('codex'))).toBe(true);
    const own: Record<string, string> = { claude: 'ANTHROPIC_API_KEY', codex: 'OPENAI_API_KEY' };
    const leaks = envs.flatMap((file) => {
      const secrets = { ...without([own[file.split('-')[0] ?? ''] ?? '']) };
      return leaksIn(`${file}`, readFileSync(join(world.sinkDir, file)), secrets);
    });
    expect(leaks).toEqual([]);
  });

  it('sent no secret to a model, save each provider its own key in its own auth header', () => {
    const own: Record<string, string> = {
      anthropic: 'ANTHROPIC_API_KEY',
      openai: 'OPENAI_API_KEY',
      cerebras: 'CEREBRAS_API_KEY',
      gemini: 'GEMINI_API_KEY',
    };
    const leaks = Object.entries(world.models).flatMap(([name, model]) =>
      model.requests.flatMap((r, i) => [
        ...leaksIn(`${name} request ${i} body`, JSON.stringify(r.body ?? '')),
        ...leaksIn(`${name} request ${i} path`, r.path),
        ...leaksIn(
          `${name} request ${i} query or headers`,
          JSON.stringify([r.query, r.headers]),
          without(own[name] ? [own[name]] : []),
        ),
      ]),
    );
    expect(leaks).toEqual([]);
    const heard = world.transcriber.requests.flatMap((r, i) => [
      ...leaksIn(`transcription ${i} audio`, r.audio),
      ...leaksIn(`transcription ${i} auth`, r.authorization ?? '', without(['KEV_TRANSCRIBE_API_KEY'])),
    ]);
    expect(heard).toEqual([]);
  });

  it('sent no secret to Telegram or WhatsApp, save the webhook secret in setWebhook', () => {
    const telegram = world.telegram.calls.flatMap((call, i) =>
      leaksIn(
        `${call.method} call ${i}`,
        JSON.stringify(call.params),
        call.method === 'setWebhook' ? without(['TELEGRAM_WEBHOOK_SECRET']) : allSecrets(),
      ),
    );
    const seen = JSON.stringify(world.telegram.world.messages(4343));
    expect([...telegram, ...leaksIn('Telegram messages and documents', seen)]).toEqual([]);
    expect(leaksIn('what crabline received', JSON.stringify(world.whatsapp.events))).toEqual([]);
  });

  it('shows no secret, login token or session cookie on any page of the board', () => {
    const pages = Object.entries(world.board.pages);
    expect(pages.length).toBeGreaterThan(15);
    expect(pages.flatMap(([path, page]) => leaksIn(`board page ${path}`, page))).toEqual([]);
    // `kev board` prints the login link once, to the owner's terminal: that is where the token goes.
    expect(world.board.printed).toContain(world.board.token);
    expect(leaksIn('kev board output', world.board.printed, SWEEP_SECRETS)).toEqual([]);
    expect(world.doctor).toMatch(/telegram/i);
    expect(leaksIn('kev doctor output', world.doctor)).toEqual([]);
  });
});
