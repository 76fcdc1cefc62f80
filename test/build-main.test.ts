// The build flow through the composition root: the console transport over streams, the offline
// rules, CLAUDE_BIN pointing at the fake `claude`, the dispatcher, the CLI executor and the merge
// service wired by main.ts. "build a CSV export for the invoices page" ends merged into main.

import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git } from '../src/agents/cli/git.js';
import { run } from '../src/main.js';
import { FAKE_CLAUDE } from './fakes/cli/helpers.js';
import { Screen } from './helpers/screen.js';
import { tempDir } from './helpers/store.js';

/** CLAUDE_BIN for this test: the fake, told (through its own env) to edit a file and commit it. */
function fakeClaude(dir: string): string {
  const path = join(dir, 'claude');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      'export FAKE_CLI_MODE=edit_and_commit',
      'export FAKE_CLI_FILE=invoices-export.csv',
      `exec "${process.execPath}" "${FAKE_CLAUDE}" "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return path;
}

describe('build through Kev', () => {
  it('a build request becomes a Rex task in a worktree, lands in review, and merges on Approve', async () => {
    const dir = tempDir();
    const screen = new Screen();
    const env = {
      KEV_DATA_DIR: join(dir, 'data'),
      KEV_LOG_LEVEL: 'silent',
      KEV_TIMEZONE: 'UTC',
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      CLAUDE_BIN: fakeClaude(dir),
      CODEX_BIN: join(dir, 'no-codex'),
    };
    const kev = await run({ env, cwd: dir, input: screen.input, output: screen.output, graceMs: 0 });

    screen.type('build a CSV export for the invoices page');
    await screen.waitFor(/Queued #1 · code \(new feature\) for Rex/);
    await screen.waitFor(/Review #1 · code \(new feature\) by Rex/);
    const task = kev.store.tasks.require(1);
    expect(task.state).toBe('review');
    expect(task.branch).toMatch(/^kev\/1-build-a-csv-export-for-the-invoices-page$/);
    expect(task.worktree && existsSync(join(task.worktree, 'invoices-export.csv'))).toBe(true);
    expect(screen.text).toContain('Model: claude-code/sonnet');
    expect(screen.text).toContain(`branch ${task.branch}`);
    expect(screen.text).toMatch(/Diff: 1 file changed, \+\d+ −0 \(invoices-export\.csv\)/);
    expect(screen.text).toMatch(/\[1\] Approve {2}\[2\] Reject {2}\[3\] Revise/);

    screen.type('1');
    await screen.waitFor(/Merging kev\/1-[\w-]+ into main/);
    await screen.waitFor(/Merged #1 \(kev\/1-[\w-]+\) into main of [\w-]+ as [0-9a-f]{7}\. #1 is done\./);
    const repo = join(env.KEV_DATA_DIR, 'workspaces', task.project ?? '');
    expect(await git(repo, ['show', 'main:invoices-export.csv'])).toContain('CSV export');
    expect(kev.store.tasks.require(1).state).toBe('done');
    await kev.merges.idle();
    expect(existsSync(task.worktree ?? '')).toBe(false);

    screen.input.end();
    await kev.done;
  });
});
