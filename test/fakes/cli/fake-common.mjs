// Shared behaviour of the fake coding CLIs: recording argv/env for assertions (the last call, or every
// call appended to FAKE_CLI_LOG), the process-tree
// modes (hang, hang_with_grandchild, slow) and the workspace mode that edits and commits in cwd.
// Plain ESM JavaScript so it runs as an executable with no TypeScript loader.

import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export const env = process.env;
export const mode = env.FAKE_CLI_MODE ?? 'success';

/** The positional prompt: everything after `--`. */
export function promptFrom(argv) {
  const dash = argv.indexOf('--');
  return dash === -1 ? (argv.at(-1) ?? '') : argv.slice(dash + 1).join(' ');
}

export function optionValue(argv, name) {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv[at + 1];
}

function writeAtomically(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export function record(argv) {
  if (env.FAKE_CLI_LOG) {
    const name = process.argv[1]?.endsWith('codex.mjs') ? 'codex' : 'claude';
    appendFileSync(env.FAKE_CLI_LOG, `${JSON.stringify({ cli: name, argv, cwd: process.cwd() })}\n`);
  }
  if (!env.FAKE_CLI_RECORD) return;
  const entry = { argv, env: { ...process.env }, cwd: process.cwd(), pid: process.pid };
  writeAtomically(env.FAKE_CLI_RECORD, JSON.stringify(entry));
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function delayMs() {
  return Number(env.FAKE_CLI_DELAY_MS ?? '200');
}

export function println(value) {
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
}

/** Never exits on its own; with FAKE_CLI_IGNORE_TERM=1 it also shrugs off SIGTERM. */
export async function hang() {
  if (env.FAKE_CLI_IGNORE_TERM === '1') process.on('SIGTERM', () => {});
  setInterval(() => {}, 60_000);
  await new Promise(() => {});
}

/** A grandchild that inherits stdout (so it holds the pipe open) and writes its pid for the test. */
export function spawnGrandchild() {
  const ignore = env.FAKE_CLI_IGNORE_TERM === '1' ? 'process.on("SIGTERM", () => {});' : '';
  const child = spawn(process.execPath, ['-e', `${ignore} setInterval(() => {}, 60000);`], {
    stdio: 'inherit',
  });
  child.unref();
  if (env.FAKE_CLI_PIDFILE) writeAtomically(env.FAKE_CLI_PIDFILE, String(child.pid));
  return child.pid;
}

/** FAKE_CLI_FILE with `{tag}` replaced by the prompt's first match of FAKE_CLI_TAG (a regex), if given. */
function fileFor(prompt) {
  const file = env.FAKE_CLI_FILE ?? 'kev-change.txt';
  if (!env.FAKE_CLI_TAG) return file;
  return file.replaceAll('{tag}', new RegExp(env.FAKE_CLI_TAG).exec(prompt)?.[0] ?? 'untagged');
}

/**
 * Writes FAKE_CLI_FILE (default kev-change.txt) with FAKE_CLI_CONTENT in `dir`; optionally commits.
 * A second run with the same content (a session redone after a crash) commits nothing new.
 */
export async function editFiles(dir, prompt, commit) {
  if (env.FAKE_CLI_DELAY_MS) await sleep(delayMs());
  const file = fileFor(prompt);
  writeFileSync(join(dir, file), env.FAKE_CLI_CONTENT ?? `${prompt}\n`);
  if (commit) {
    const git = (...args) =>
      execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
    git('add', file);
    let staged = true;
    try {
      git('diff', '--cached', '--quiet');
      staged = false;
    } catch {
      // Exit 1: there is a change to commit.
    }
    if (staged) git('commit', '--quiet', '-m', `fake: edit ${file}`);
  }
  return file;
}

/** FAKE_CLI_SUMMARY (with `{dir}` as the working directory's name) instead of the mode's own summary. */
export function summaryOr(text, dir = process.cwd()) {
  return env.FAKE_CLI_SUMMARY ? env.FAKE_CLI_SUMMARY.replaceAll('{dir}', basename(dir)) : text;
}

/** Runs the mode's handler; a handler returns the exit code. */
export async function main(handlers) {
  const argv = process.argv.slice(2);
  record(argv);
  const handler = handlers[mode];
  if (!handler) {
    process.stderr.write(`fake cli: unknown FAKE_CLI_MODE ${mode}\n`);
    process.exit(2);
  }
  process.exitCode = await handler(argv);
}
