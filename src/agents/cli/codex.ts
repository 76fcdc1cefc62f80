// The Codex worker: runs `codex exec --json` in the task's worktree and folds its JSONL events into a
// CliRunResult priced from the catalogue. The binary path is injected (CODEX_BIN is read in main.ts).

import { type Catalogue, DEFAULT_CATALOGUE } from '../../router/catalogue.js';
import { findCliModel } from './outcome.js';
import { codexRunResult } from './parse-codex.js';
import { runCli } from './run-cli.js';
import type { CliRunRequest, CliRunResult, CliWorker, RunCommand } from './types.js';
import { commandSpec, runSafely } from './worker-run.js';

export interface CodexOptions {
  /** Path or name of the `codex` executable. */
  bin: string;
  runCommand?: RunCommand;
  /** Codex reports only tokens; its models are priced from here (provider 'codex', id = model). */
  catalogue?: Catalogue;
  graceMs?: number;
}

/**
 * The argv after the binary. Options precede the optional `resume <id>` subcommand because `exec`
 * owns them; the prompt follows `--` so it is never read as a flag or a subcommand.
 */
export function codexArgs(request: CliRunRequest): string[] {
  const args = [
    'exec',
    '--json',
    '--model',
    request.model,
    '--sandbox',
    request.sandbox ?? 'workspace-write',
  ];
  args.push('--cd', request.cwd, '--skip-git-repo-check');
  if (request.resumeSessionId !== undefined) args.push('resume', request.resumeSessionId);
  args.push('--', request.prompt);
  return args;
}

export class CodexWorker implements CliWorker {
  readonly name = 'codex' as const;

  constructor(private readonly options: CodexOptions) {}

  run(request: CliRunRequest): Promise<CliRunResult> {
    const { bin, runCommand = runCli, catalogue = DEFAULT_CATALOGUE, graceMs } = this.options;
    const price = findCliModel(catalogue, 'codex', request.model);
    return runSafely('codex', async () => {
      const outcome = await runCommand(commandSpec(bin, codexArgs(request), request, graceMs));
      return codexRunResult(outcome, price);
    });
  }
}
