// The Claude Code worker: runs `claude -p … --output-format json` in the task's worktree and turns
// its result object into a CliRunResult. The binary path is injected (CLAUDE_BIN is read in main.ts).

import { type Catalogue, DEFAULT_CATALOGUE } from '../../router/catalogue.js';
import { findCliModel } from './outcome.js';
import { claudeRunResult } from './parse-claude.js';
import { runCli } from './run-cli.js';
import type { CliRunRequest, CliRunResult, CliWorker, RunCommand } from './types.js';
import { commandSpec, runSafely } from './worker-run.js';

export interface ClaudeCodeOptions {
  /** Path or name of the `claude` executable. */
  bin: string;
  runCommand?: RunCommand;
  /** Prices tokens when the CLI reports no total_cost_usd. */
  catalogue?: Catalogue;
  /** Headless runs cannot answer permission prompts, so edits are accepted unless told otherwise. */
  defaultPermissionMode?: string;
  graceMs?: number;
}

/** The argv after the binary; the prompt follows `--` so a prompt starting with '-' stays a prompt. */
export function claudeArgs(request: CliRunRequest, defaultPermissionMode = 'acceptEdits'): string[] {
  const args = ['-p', '--output-format', 'json', '--model', request.model];
  if (request.maxTurns !== undefined) args.push('--max-turns', String(request.maxTurns));
  args.push('--permission-mode', request.permissionMode ?? defaultPermissionMode);
  if (request.maxBudgetUsd !== undefined) args.push('--max-budget-usd', String(request.maxBudgetUsd));
  if (request.resumeSessionId !== undefined) args.push('--resume', request.resumeSessionId);
  if (request.allowedTools && request.allowedTools.length > 0)
    args.push('--allowedTools', ...request.allowedTools);
  args.push('--', request.prompt);
  return args;
}

export class ClaudeCodeWorker implements CliWorker {
  readonly name = 'claude_code' as const;

  constructor(private readonly options: ClaudeCodeOptions) {}

  run(request: CliRunRequest): Promise<CliRunResult> {
    const { bin, runCommand = runCli, catalogue = DEFAULT_CATALOGUE, graceMs } = this.options;
    const price = findCliModel(catalogue, 'claude_code', request.model);
    return runSafely('claude', async () => {
      const outcome = await runCommand(
        commandSpec(bin, claudeArgs(request, this.options.defaultPermissionMode), request, graceMs),
      );
      return claudeRunResult(outcome, price);
    });
  }
}
