// Runs an attempt of a build task on a coding CLI (Claude Code or Codex): the task's project repo
// and its own worktree and branch, a capped number of sessions at once, the safety settings and an
// allowlisted env for the child, then Kev commits what the session left, measures the diff and
// hands the branch, the diff stat and the CLI's summary to review.

import { join } from 'node:path';
import type { Store, TaskRow } from '../db/index.js';
import type { AttemptFailure, AttemptInput, AttemptOutput, Executor } from '../ports/executor.js';
import { type Usage, ZERO_USAGE } from '../router/catalogue.js';
import { microsToUsd } from '../router/money.js';
import type { Logger } from '../shared/log.js';
import { type BranchSync, settleSync, syncWithMain, undoSync } from './branch-sync.js';
import type { Semaphore } from './build-slots.js';
import { freshPrompt, previousDiff, projectOf, resumePrompt, type SessionPlace } from './build-task.js';
import { buildCliEnv, type CliName } from './cli/env.js';
import { addUsage } from './cli/outcome.js';
import type { CliFailureKind, CliRunRequest, CliRunResult, CliWorker } from './cli/types.js';
import {
  commitWorktree,
  createWorktree,
  type DiffStat,
  diffStat,
  ensureProjectRepo,
  MAIN_BRANCH,
  pathInside,
  slugify,
  worktreeOf,
} from './cli/workspace.js';

/**
 * provider: the CLI or its API broke (crash, API error, bad auth, unreadable output): fail over to
 * the agent's backup CLI. quality: the session ran but did not finish (turns, budget, time): climb
 * to a stronger rung. cancelled: /cancel or shutdown, go no further.
 */
const CLASS_OF: Record<CliFailureKind, AttemptFailure['class']> = {
  spawn: 'provider',
  exit: 'provider',
  is_error: 'provider',
  malformed: 'provider',
  max_turns: 'quality',
  max_budget: 'quality',
  timeout: 'quality',
  cancelled: 'stop',
};

/** A resumed session that fails like this (session gone, CLI error) is retried as a fresh one. */
const FRESH_AFTER: ReadonlySet<CliFailureKind> = new Set(['is_error', 'exit', 'malformed']);

export interface CliSafety {
  /** Claude Code --permission-mode. */
  permissionMode: string;
  /** Claude Code --allowedTools. */
  allowedTools: string[];
  /** Codex --sandbox. */
  sandbox: 'workspace-write' | 'read-only';
  maxTurns: number;
}

export interface CliExecutorOptions {
  store: Store;
  dataDir: string;
  workers: Partial<Record<CliName, CliWorker>>;
  /** Where the child's allowlisted variables are read from. */
  parentEnv: NodeJS.ProcessEnv;
  /** Variables given to one CLI explicitly, on top of the allowlist. */
  extraEnv?: Partial<Record<CliName, Record<string, string>>>;
  safety: CliSafety;
  /** A session's wall-clock limit; the dispatcher's timeout is for HTTP calls. */
  timeoutMs: number;
  sessions: Semaphore;
  log?: Logger;
}

interface Workspace extends SessionPlace {
  repo: string;
  path: string;
  sync?: BranchSync;
}

function isCli(provider: string): provider is CliName {
  return provider === 'claude_code' || provider === 'codex';
}

function failed(kind: string, message: string, cls: AttemptFailure['class']): AttemptOutput {
  return { ok: false, text: '', usage: ZERO_USAGE, costMicros: 0, failure: { kind, message, class: cls } };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function diffLine(stat: DiffStat): string {
  if (stat.files === 0) return `Diff: no changes against ${MAIN_BRANCH}`;
  const files = stat.changes
    .slice(0, 5)
    .map((c) => c.path)
    .join(', ');
  const more = stat.files > 5 ? `, +${stat.files - 5} more` : '';
  return `Diff: ${stat.files} file${stat.files === 1 ? '' : 's'} changed, +${stat.insertions} −${stat.deletions} (${files}${more})`;
}

export class CliExecutor implements Executor {
  private readonly resumeFailed = new Set<number>();

  constructor(private readonly options: CliExecutorOptions) {}

  async run(input: AttemptInput): Promise<AttemptOutput> {
    const cli = input.rung.provider;
    if (!isCli(cli)) return failed('config', `${cli} is not a coding CLI`, 'provider');
    const worker = this.options.workers[cli];
    if (!worker) return failed('spawn', `${cli} is not installed`, 'provider');
    let place: Workspace;
    try {
      place = await this.prepare(input.task);
    } catch (error) {
      return failed('workspace', `the workspace could not be prepared: ${errorText(error)}`, 'quality');
    }
    const release = await this.options.sessions.acquire(input.signal);
    if (!release) return failed('cancelled', `${cli} was cancelled before it started`, 'stop');
    let result: CliRunResult;
    try {
      result = await this.session(worker, cli, input, place);
    } finally {
      release();
    }
    if (!result.ok || input.signal.aborted) {
      if (place.sync) await undoSync(place.path, place.sync).catch(() => undefined);
      return this.failure(result, input.signal);
    }
    return this.finish(input, place, result);
  }

  /**
   * The project repo, and the task's worktree and branch (reused on a revision), recorded on the
   * task. A revision (the task carries notes) first merges main into the branch.
   */
  private async prepare(task: TaskRow): Promise<Workspace> {
    const project = projectOf(task);
    const repo = await ensureProjectRepo(this.options.dataDir, project);
    // Recorded before git makes it: a crash in between leaves a worktree the merge service can tidy.
    const planned = worktreeOf(repo, task.id, task.title);
    this.options.store.builds.set(task.id, { project, branch: planned.branch, worktree: planned.path });
    const tree = await createWorktree(repo, task.id, task.title);
    if (!(await pathInside(join(this.options.dataDir, 'workspaces'), tree.path)))
      throw new Error(`the worktree ${tree.path} is outside the workspaces directory`);
    const place: Workspace = { project, repo, branch: tree.branch, path: tree.path };
    if (!task.note) return place;
    const sync = await syncWithMain(tree.path, tree.branch);
    return { ...place, sync, conflicts: sync.conflicts };
  }

  /** Resumes the Claude Code session of a revised task when there is one, else runs a fresh session. */
  private async session(
    worker: CliWorker,
    cli: CliName,
    input: AttemptInput,
    place: Workspace,
  ): Promise<CliRunResult> {
    const { task } = input;
    const tag = `cli-${task.attempts}-${slugify(input.rung.key)}`;
    const resumeId =
      cli === 'claude_code' && task.sessionId && task.note && !this.resumeFailed.has(task.id)
        ? task.sessionId
        : undefined;
    let spent: { usage: Usage; costMicros: number } = { usage: ZERO_USAGE, costMicros: 0 };
    if (resumeId && task.note) {
      const resumed = await worker.run(
        this.request(cli, input, place, resumePrompt(task.note, place), `${tag}-resume`, resumeId),
      );
      if (resumed.ok || !FRESH_AFTER.has(resumed.failure.kind)) return resumed;
      this.resumeFailed.add(task.id);
      this.options.log?.info(
        { taskId: task.id, err: resumed.failure.message },
        'could not resume the session; starting a fresh one',
      );
      spent = resumed;
    }
    const diff = task.note ? await previousDiff(place.repo, place.branch).catch(() => undefined) : undefined;
    const fresh = await worker.run(
      this.request(cli, input, place, freshPrompt(input.prompt, place, diff), tag),
    );
    return {
      ...fresh,
      usage: addUsage(spent.usage, fresh.usage),
      costMicros: spent.costMicros + fresh.costMicros,
    };
  }

  private request(
    cli: CliName,
    input: AttemptInput,
    place: Workspace,
    prompt: string,
    tag: string,
    resumeSessionId?: string,
  ): CliRunRequest {
    const { safety, parentEnv, extraEnv, timeoutMs } = this.options;
    const budgetUsd = microsToUsd(input.budgetLeftMicros);
    return {
      prompt,
      cwd: place.path,
      model: input.entry.id,
      timeoutMs,
      signal: input.signal,
      maxTurns: safety.maxTurns,
      permissionMode: safety.permissionMode,
      allowedTools: safety.allowedTools,
      sandbox: safety.sandbox,
      env: buildCliEnv(cli, parentEnv, extraEnv?.[cli]),
      artifactsDir: join(input.artifactsDir, tag),
      ...(budgetUsd > 0 ? { maxBudgetUsd: Number(budgetUsd.toFixed(4)) } : {}),
      ...(resumeSessionId ? { resumeSessionId } : {}),
    };
  }

  private failure(result: CliRunResult, signal: AbortSignal): AttemptOutput {
    const failure = result.ok
      ? { kind: 'cancelled' as const, message: 'the session was cancelled' }
      : result.failure;
    const cls = signal.aborted ? 'stop' : CLASS_OF[failure.kind];
    return {
      ok: false,
      text: '',
      usage: result.usage,
      costMicros: result.costMicros,
      failure: { kind: failure.kind, message: failure.message, class: cls },
    };
  }

  /** Commits what the session left uncommitted, measures the branch, and keeps Claude's session id. */
  private async finish(input: AttemptInput, place: Workspace, result: CliRunResult & { ok: true }) {
    const { task, rung } = input;
    let stat: DiffStat;
    try {
      const left = place.sync ? await settleSync(place.path, place.sync) : [];
      if (left.length > 0) {
        const message = `the session left conflict markers in ${left.join(', ')}`;
        return {
          ...failed('conflict', message, 'quality'),
          usage: result.usage,
          costMicros: result.costMicros,
        };
      }
      await commitWorktree(
        place.path,
        `Kev #${task.id}: ${task.title}\n\nBy ${task.agent} with ${rung.key}.`,
      );
      stat = await diffStat(place.repo, place.branch);
    } catch (error) {
      return {
        ...failed('workspace', `the session's work could not be committed: ${errorText(error)}`, 'quality'),
        usage: result.usage,
        costMicros: result.costMicros,
      };
    }
    if (rung.provider === 'claude_code' && result.sessionId)
      this.options.store.builds.set(task.id, { sessionId: result.sessionId });
    const output: AttemptOutput = {
      ok: true,
      text: result.summary.trim() || 'The session ended without a summary; the diff is on the branch.',
      usage: result.usage,
      costMicros: result.costMicros,
      details: [
        `Project: ${place.project} · branch ${place.branch}`,
        diffLine(stat),
        `Approve merges ${place.branch} into ${MAIN_BRANCH} (a merge commit); Reject keeps the branch.`,
      ],
    };
    return output;
  }
}
