// The board's code costs nothing until someone opens it: started, it is a listening socket; Hono,
// its node adapter and marked are loaded by the first request (which is then answered as usual).

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const SCRIPT = join(import.meta.dirname, 'helpers', 'board-lazy-run.ts');

it('loads Hono and marked on the first request, not when the board starts', async () => {
  const { stdout } = await run(process.execPath, ['--import', TSX, SCRIPT], { timeout: 60_000 });
  const { started, requested, status } = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    started: string[];
    requested: string[];
    status: number;
  };
  expect(started).toContain('better-sqlite3'); // the hook does see packages
  for (const name of ['hono', '@hono/node-server', 'marked']) {
    expect(started).not.toContain(name);
    expect(requested).toContain(name);
  }
  expect(status).toBe(401); // answered by the app (no session), not by the loader
}, 70_000);
