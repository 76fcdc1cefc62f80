// The terminal chat on a TTY, driven through its streams as a pty would (isTTY, raw mode, carriage
// returns, paste markers): prompt and echo, colours unless NO_COLOR, a paste is one message (with
// bracketed paste and without), history across runs, choices by number, saved documents.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewRequest } from '../src/kev/review.js';
import { run } from '../src/main.js';
import { Screen } from './helpers/screen.js';
import { tempDir } from './helpers/store.js';

const env = (dir: string, extra: Record<string, string> = {}) => ({
  KEV_DATA_DIR: dir,
  KEV_LOG_LEVEL: 'silent',
  KEV_TIMEZONE: 'UTC',
  PATH: '',
  ...extra,
});

async function start(extra: Record<string, string> = {}, dir = tempDir()) {
  const screen = new Screen({ tty: true });
  const kev = await run({
    env: env(dir, extra),
    cwd: dir,
    input: screen.input,
    output: screen.output,
    graceMs: 0,
  });
  await screen.waitFor(/you › $/);
  return { screen, kev, dir };
}

describe('the terminal chat on a TTY', () => {
  it('shows a prompt, echoes what you type, and colours the speakers', async () => {
    const { screen, kev } = await start();
    screen.keys('/queue\r');
    await screen.waitFor(/kev › No open tasks/);
    expect(screen.text).toMatch(/you › \/queue\n/);
    expect(screen.raw).toContain('\x1b[1;36mkev ›\x1b[0m');
    expect(screen.raw).toContain('\x1b[1;32myou ›\x1b[0m');
    screen.input.end();
    await kev.done;
  });

  it('prints no colour when NO_COLOR is set', async () => {
    const { screen, kev } = await start({ NO_COLOR: '1' });
    screen.keys('/queue\r');
    await screen.waitFor(/kev › No open tasks/);
    expect(screen.raw).not.toMatch(/\x1b\[[0-9;]*m/);
    screen.input.end();
    await kev.done;
  });

  it.each([
    [
      'bracketed paste',
      '\x1b[200~Research the best vector databases\rfor a team of three\rwith a small budget\x1b[201~\r',
    ],
    [
      'lines arriving together',
      'Research the best vector databases\rfor a team of three\rwith a small budget\r',
    ],
  ])('takes a pasted block as one message (%s)', async (_how, keys) => {
    const { screen, kev } = await start();
    screen.keys(keys);
    await screen.waitFor(/Queued #1/);
    screen.keys('/queue\r');
    await screen.waitFor(/Open tasks:/);
    const { store } = kev;
    expect(store.tasks.list({})).toHaveLength(1);
    expect(store.tasks.get(1)?.body).toBe(
      'Research the best vector databases\nfor a team of three\nwith a small budget',
    );
    expect(screen.text).not.toMatch(/not sure/i);
    screen.input.end();
    await kev.done;
  });

  it('keeps history across runs (up arrow) and answers choices by number', async () => {
    const first = await start();
    first.screen.keys('deploy the landing page to production\r');
    await first.screen.waitFor(/\[1\] Confirm {2}\[2\] Cancel/);
    first.screen.keys('1\r');
    await first.screen.waitFor(/Confirmed #1/);
    first.screen.input.end();
    await first.kev.done;
    expect(readFileSync(join(first.dir, 'console-history'), 'utf8')).toContain(
      'deploy the landing page to production\n',
    );

    const again = await start({}, first.dir);
    // Up twice: "1", then the message before it.
    again.screen.keys('\x1b[A\x1b[A\r');
    await again.screen.waitFor(/Drafted #2/);
    again.screen.input.end();
    await again.kev.done;
  });

  it('saves an attached document and prints its path', async () => {
    const { screen, kev, dir } = await start();
    const task = kev.store.tasks.create({
      title: 'Compare vector databases',
      type: 'research',
      agent: 'Scout',
    });
    kev.store.tasks.claim('w', 60_000);
    const done = kev.store.tasks.complete(task.id, 'w', 'x '.repeat(3000));
    kev.kev.notify({ platform: 'console', chatId: 'local' }, reviewRequest(done));
    const path = join(dir, 'files', `task-${task.id}-result.txt`);
    await screen.waitFor(new RegExp(`is in ${path.replace(/[/.]/g, '\\$&')}`));
    expect(existsSync(path) && readFileSync(path, 'utf8')).toBe(done.result);
    screen.input.end();
    await kev.done;
  });
});
