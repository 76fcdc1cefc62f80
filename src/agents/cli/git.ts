// The one way workspace code runs git: argv only, a clean allowlisted env (a GIT_DIR or
// GIT_INDEX_FILE inherited from a hook must never redirect Kev's git), and Kev's own identity.

import { execa } from 'execa';
import { buildChildEnv, GIT_IDENTITY_ENV } from './env.js';

/** Works on a machine with no global git config, and never waits on a signing key or a prompt. */
const IDENTITY_FLAGS = [
  '-c',
  'user.name=Kev',
  '-c',
  'user.email=kev@localhost',
  '-c',
  'commit.gpgsign=false',
];

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: GitResult,
  ) {
    super(
      `git ${args.join(' ')} failed (${result.exitCode}): ${result.stderr.trim() || result.stdout.trim()}`,
    );
    this.name = 'GitError';
  }
}

function gitEnv(): Record<string, string> {
  return buildChildEnv(process.env, { ...GIT_IDENTITY_ENV, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' });
}

/** Runs git and returns its result whatever the exit code. */
export async function tryGit(cwd: string, args: readonly string[]): Promise<GitResult> {
  const result = await execa('git', [...IDENTITY_FLAGS, ...args], {
    cwd,
    env: gitEnv(),
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
  });
  if (result.exitCode === undefined) {
    return { exitCode: -1, stdout: '', stderr: result.shortMessage ?? 'git could not be started' };
  }
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Runs git and throws a GitError (with the command and stderr) on a non-zero exit. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await tryGit(cwd, args);
  if (result.exitCode !== 0) throw new GitError(args, result);
  return result.stdout.trim();
}
