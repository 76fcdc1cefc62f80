// The board from the composition root: off without KEV_BOARD_PORT, on with it, and `kev board`
// (its own store connection, as from another process) printing a login link the running board
// takes once. Also the console chat's question closed by a decision made off the chat.

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { boardLogin } from '../src/cli/board.js';
import { readConfig } from '../src/config/config.js';
import { reviewRequest } from '../src/kev/review.js';
import { type Running, run } from '../src/main.js';
import { freePort } from './helpers/net.js';
import { Screen } from './helpers/screen.js';
import { tempDir } from './helpers/store.js';

let running: Running | undefined;
let screen: Screen | undefined;
afterEach(async () => {
  screen?.input.end();
  await running?.stop();
  running = undefined;
  screen = undefined;
});

const baseEnv = (dir: string) => ({
  KEV_DATA_DIR: dir,
  KEV_LOG_LEVEL: 'silent',
  KEV_TIMEZONE: 'UTC',
  PATH: '',
});

async function start(env: Record<string, string>): Promise<Running> {
  screen = new Screen();
  running = await run({ env, cwd: env.KEV_DATA_DIR, input: screen.input, output: screen.output, graceMs: 0 });
  return running;
}

describe('the board in run()', () => {
  it('is off without KEV_BOARD_PORT', async () => {
    const kev = await start(baseEnv(tempDir()));
    expect(kev.board).toBeUndefined();
  });

  it('refuses a port that is not a number', () => {
    expect(() => readConfig({ KEV_BOARD_PORT: 'eighty' })).toThrow(/KEV_BOARD_PORT must be a port number/);
    expect(() => readConfig({ KEV_BOARD_PORT: '70000' })).toThrow(/KEV_BOARD_PORT/);
  });

  it('serves on 127.0.0.1, and `kev board` prints a link that logs in once', async () => {
    const dir = tempDir();
    const port = await freePort();
    const env = { ...baseEnv(dir), KEV_BOARD_PORT: String(port) };
    const kev = await start(env);
    expect(kev.board?.url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${kev.board?.url}/`)).status).toBe(401);
    let printed = '';
    const out = new Writable({
      write(chunk, _e, done) {
        printed += String(chunk);
        done();
      },
    });
    expect(await boardLogin(out, env)).toBe(0);
    const link = /http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+/.exec(printed)?.[0];
    expect(link).toBeDefined();
    expect(printed).not.toContain('Nothing answers');
    const first = await fetch(link as string, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await fetch(`${kev.board?.url}/`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(link as string, { redirect: 'manual' })).status).toBe(401);
  });

  it('says how to turn the board on when it is off', async () => {
    let printed = '';
    const out = new Writable({
      write(chunk, _e, done) {
        printed += String(chunk);
        done();
      },
    });
    expect(await boardLogin(out, baseEnv(tempDir()))).toBe(2);
    expect(printed).toContain('KEV_BOARD_PORT');
  });

  it('a decision on the board closes the question in the console chat', async () => {
    const dir = tempDir();
    const kev = await start({ ...baseEnv(dir), KEV_BOARD_PORT: '0' });
    const task = kev.store.tasks.create({
      title: 'Compare vector databases',
      type: 'research',
      agent: 'Scout',
    });
    kev.store.tasks.claim('w', 60_000);
    const done = kev.store.tasks.complete(task.id, 'w', 'Qdrant leads.');
    kev.kev.notify({ platform: 'console', chatId: 'local' }, reviewRequest(done));
    await screen?.waitFor(/Review #1/);
    expect(kev.store.prompts.latestOpen('console', 'local')).toBeDefined();
    const result = kev.kev.decide({ kind: 'approve', taskId: task.id });
    expect(result.ok).toBe(true);
    // The console prints no edits; its question is closed, and the edit went through the outbox.
    expect(kev.store.prompts.latestOpen('console', 'local')).toBeUndefined();
    const edit = kev.store.db.$client.prepare("select payload from outbox where kind = 'edit'").get() as {
      payload: string;
    };
    expect(edit.payload).toContain('→ Approved #1');
    expect(kev.kev.decide({ kind: 'approve', taskId: task.id }).ok).toBe(false);
    expect(kev.store.tasks.get(task.id)?.state).toBe('done');
  });
});
