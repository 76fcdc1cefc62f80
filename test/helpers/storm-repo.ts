// The storm's build world: the project repo Kev's build tasks merge into (made before Kev starts, as
// Kev would make it, plus git hooks that hold each merge into main for a while and log each step, so
// a kill lands mid-merge and the storm knows where), and CLAUDE_BIN/CODEX_BIN wrappers for the fakes.

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The project every storm build names ("… in the storm repo"). */
export const STORM_PROJECT = 'storm';

export interface StormRepo {
  path: string;
  /** One line per hook step: `start <hook>` / `end <hook>`. */
  hookLog: string;
}

function hook(path: string, name: string, hookLog: string, seconds: string, guard = ''): void {
  writeFileSync(
    join(path, '.git', 'hooks', name),
    [
      '#!/bin/sh',
      guard,
      `echo "start ${name}" >> '${hookLog}'`,
      `sleep ${seconds}`,
      `echo "end ${name}" >> '${hookLog}'`,
      'exit 0',
      '',
    ].join('\n'),
  );
  chmodSync(join(path, '.git', 'hooks', name), 0o755);
}

/**
 * <dataDir>/workspaces/storm with `main` and an initial commit, and hooks that each sleep
 * `mergeDelayMs` during a merge into main: before the merge commit (pre-merge-commit), while main's
 * ref is locked for the update (reference-transaction, prepared), and after it (post-merge).
 */
export function stormRepo(dataDir: string, dir: string, mergeDelayMs: number): StormRepo {
  const path = join(dataDir, 'workspaces', STORM_PROJECT);
  mkdirSync(path, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Owner', '-c', 'user.email=owner@localhost', ...args], {
      cwd: path,
      stdio: 'pipe',
    });
  git('init', '--quiet', '--initial-branch', 'main');
  git('commit', '--quiet', '--allow-empty', '-m', `Start ${STORM_PROJECT}`);
  const hookLog = join(dir, 'hooks.log');
  const seconds = (mergeDelayMs / 1000).toFixed(3);
  hook(path, 'pre-merge-commit', hookLog, seconds);
  hook(path, 'post-merge', hookLog, seconds);
  // Only the prepared update of main (refs locked, not yet written); stdin lists the refs.
  hook(
    path,
    'reference-transaction',
    hookLog,
    seconds,
    '[ "$1" = prepared ] || exit 0\ngrep -q " refs/heads/main$" || exit 0',
  );
  return { path, hookLog };
}

/** A CLAUDE_BIN / CODEX_BIN wrapper: the fake, editing `<marker>.txt` and committing, after `delayMs`. */
export function wrapCli(
  bin: string,
  name: string,
  fake: string,
  options: { delayMs: number; tag: string },
): string {
  mkdirSync(bin, { recursive: true });
  const path = join(bin, name);
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      'export FAKE_CLI_MODE=edit_and_commit',
      `export FAKE_CLI_DELAY_MS=${options.delayMs}`,
      `export FAKE_CLI_FILE='{tag}.txt'`,
      `export FAKE_CLI_TAG='${options.tag}'`,
      `export FAKE_CLI_LOG='${join(bin, '..', 'cli.log')}'`,
      `exec "${process.execPath}" "${fake}" "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return path;
}
