// The one process runner for coding CLIs: argv array (no shell), allowlisted env, cwd, timeout and
// cancel that end the whole process tree, stdout/stderr teed into the task's artifacts directory.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { CommandEnding, CommandOutcome, CommandSpec, RunCommand } from './types.js';

const DEFAULT_GRACE_MS = 3_000;

/** Signals the whole process group; the CLI is spawned detached, so it leads its own group. */
function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: every process of the group is already gone.
  }
}

/** SIGTERM to the group now, SIGKILL after the grace delay; `finish` kills whatever is left. */
function groupStopper(pid: number | undefined, graceMs: number) {
  let forceKill: NodeJS.Timeout | undefined;
  return {
    stop(): void {
      if (forceKill !== undefined) return;
      killGroup(pid, 'SIGTERM');
      forceKill = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
    },
    finish(): void {
      clearTimeout(forceKill);
      killGroup(pid, 'SIGKILL');
    },
  };
}

async function outputTargets(artifactsDir: string | undefined) {
  if (artifactsDir === undefined) return { stdout: 'pipe', stderr: 'pipe' } as const;
  await mkdir(artifactsDir, { recursive: true });
  return {
    stdout: ['pipe', { file: join(artifactsDir, 'stdout.log') }],
    stderr: ['pipe', { file: join(artifactsDir, 'stderr.log') }],
  } as const;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function runProcess(spec: CommandSpec): Promise<CommandOutcome> {
  if (spec.signal?.aborted) return { ending: 'cancelled', stdout: '', stderr: '' };
  const targets = await outputTargets(spec.artifactsDir);
  const graceMs = spec.graceMs ?? DEFAULT_GRACE_MS;
  const stop = new AbortController();
  const subprocess = execa(spec.file, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env,
    extendEnv: false,
    stdin: 'ignore',
    stdout: targets.stdout,
    stderr: targets.stderr,
    detached: true,
    cancelSignal: stop.signal,
    forceKillAfterDelay: graceMs,
    reject: false,
  });
  const pid = subprocess.pid;
  const group = groupStopper(pid, graceMs);
  let ending: CommandEnding = 'exited';
  const terminate = (why: 'timeout' | 'cancelled') => {
    if (ending !== 'exited') return;
    ending = why;
    stop.abort();
    group.stop();
  };
  // The CLI is done once it exits; a leftover descendant (a dev server, a watcher) holding stdout
  // open would otherwise keep the run alive until the timeout.
  subprocess.once('exit', () => group.stop());
  const timer = setTimeout(() => terminate('timeout'), spec.timeoutMs);
  const onAbort = () => terminate('cancelled');
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await subprocess;
    const stdout = String(result.stdout ?? '');
    const stderr = String(result.stderr ?? '');
    if (pid === undefined) {
      return { ending: 'spawn_error', stdout, stderr, errorMessage: result.shortMessage ?? 'spawn failed' };
    }
    return {
      ending,
      stdout,
      stderr,
      ...(result.exitCode !== undefined && { exitCode: result.exitCode }),
      ...(result.signal !== undefined && { signal: result.signal }),
      ...(result.isMaxBuffer && { errorMessage: 'output exceeded the buffer limit' }),
    };
  } finally {
    clearTimeout(timer);
    spec.signal?.removeEventListener('abort', onAbort);
    group.finish();
  }
}

export const runCli: RunCommand = async (spec) => {
  try {
    return await runProcess(spec);
  } catch (error) {
    return { ending: 'spawn_error', stdout: '', stderr: '', errorMessage: errorText(error) };
  }
};
