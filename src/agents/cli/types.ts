// The coding-CLI worker port (Claude Code, Codex) and the one process-runner port both workers share.
// Workers take a RunCommand so tests and benchmarks can pass a scripted one instead of a real process.

import type { Usage } from '../../router/catalogue.js';

export type CliFailureKind =
  | 'exit'
  | 'is_error'
  | 'max_turns'
  | 'max_budget'
  | 'malformed'
  | 'timeout'
  | 'cancelled'
  | 'spawn';

export interface CliRunRequest {
  /** Passed as one argv element after `--`, never through a shell. */
  prompt: string;
  /** The task's worktree. */
  cwd: string;
  /** The CLI's model id, e.g. 'sonnet' | 'opus' | 'gpt-5-codex'. */
  model: string;
  timeoutMs: number;
  /** Aborting kills the whole process tree. */
  signal?: AbortSignal;
  /** Claude: `--resume <id>`; Codex: `exec resume <thread id>`. */
  resumeSessionId?: string;
  maxTurns?: number;
  maxBudgetUsd?: number;
  permissionMode?: string;
  allowedTools?: string[];
  sandbox?: 'read-only' | 'workspace-write';
  /** The full environment the child gets (see buildCliEnv); nothing else is inherited. */
  env: Record<string, string | undefined>;
  /** Where stdout.log and stderr.log are written. */
  artifactsDir?: string;
}

export interface CliFailure {
  kind: CliFailureKind;
  message: string;
  exitCode?: number;
}

export type CliRunResult =
  | { ok: true; summary: string; sessionId?: string; usage: Usage; costMicros: number; numTurns?: number }
  | { ok: false; failure: CliFailure; usage: Usage; costMicros: number; sessionId?: string };

/** Contract: run() never throws; every failure is a typed value carrying the usage and cost so far. */
export interface CliWorker {
  readonly name: 'claude_code' | 'codex';
  run(request: CliRunRequest): Promise<CliRunResult>;
}

export interface CommandSpec {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  artifactsDir?: string;
  /** Delay between SIGTERM and SIGKILL of the process group. */
  graceMs?: number;
}

/** How the process ended: on its own, or because Kev ended it, or it never started. */
export type CommandEnding = 'exited' | 'timeout' | 'cancelled' | 'spawn_error';

export interface CommandOutcome {
  ending: CommandEnding;
  stdout: string;
  stderr: string;
  exitCode?: number;
  signal?: string;
  /** Set when ending is 'spawn_error', or when the runner itself failed. */
  errorMessage?: string;
}

/** Contract: never throws; resolves after the process exited and its whole process group was killed. */
export type RunCommand = (spec: CommandSpec) => Promise<CommandOutcome>;
