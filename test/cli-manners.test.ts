// CLI manners: `kev --version`, `kev help` and `kev <command> --help` answer and exit; none of them
// starts Kev (no database is created in the data folder).

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/store.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'kev.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

async function kev(args: string[]): Promise<{ stdout: string; dir: string }> {
  const dir = tempDir();
  const env = { PATH: '', HOME: dir, KEV_DATA_DIR: join(dir, 'data'), KEV_LOG_LEVEL: 'silent' };
  // stdin closed: a Kev that did start would read end of input and exit, but it would create its database.
  const { stdout } = await run(process.execPath, ['--import', TSX, CLI, ...args], {
    cwd: dir,
    env,
    timeout: 60_000,
  });
  return { stdout, dir };
}

describe('kev command manners', { timeout: 90_000 }, () => {
  it.each([
    [['--version'], new RegExp(`^kev ${VERSION.replace(/\./g, '\\.')}\\n$`)],
    [['help'], /Usage: kev \[command\]/],
    [['start', '--help'], /^Usage: kev start/],
    [['doctor', '--help'], /^Usage: kev doctor/],
    [['task', '--help'], /^Usage: kev task list/],
  ])('kev %j answers and starts nothing', async (args, pattern) => {
    const { stdout, dir } = await kev(args);
    expect(stdout).toMatch(pattern);
    expect(existsSync(join(dir, 'data', 'kev.db'))).toBe(false);
  });
});
