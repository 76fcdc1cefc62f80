// A build bench: Kev (memory transport), the dispatcher with build slots, the CLI executor over the
// fake `claude` and `codex`, optionally HTTP providers (fake model servers), and the merge service,
// all over one temp store and data dir, wired like src/main.ts (pipeline stages follow their tasks).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildTaskTypes, Semaphore } from '../../src/agents/build-slots.js';
import { ClaudeCodeWorker } from '../../src/agents/cli/claude-code.js';
import { CodexWorker } from '../../src/agents/cli/codex.js';
import { git } from '../../src/agents/cli/git.js';
import type { RunCommand } from '../../src/agents/cli/types.js';
import { CliExecutor } from '../../src/agents/cli-executor.js';
import { Dispatcher } from '../../src/agents/dispatcher.js';
import { LlmExecutor } from '../../src/agents/llm-executor.js';
import { MergeService } from '../../src/agents/merge-service.js';
import type { ProviderConfig } from '../../src/agents/providers/types.js';
import { DEFAULT_ALLOWED_TOOLS } from '../../src/config/config.js';
import type { TaskRow, TaskState } from '../../src/db/index.js';
import { mergedNotice, notMergedNotice } from '../../src/kev/build-notices.js';
import { failureNotice, reviewRequest } from '../../src/kev/notices.js';
import { followPipeline, type PipelinePlan, stageLines } from '../../src/kev/pipeline/index.js';
import { finishedText, progressText, startedText } from '../../src/kev/progress-notices.js';
import type { Executor } from '../../src/ports/executor.js';
import type { Provider } from '../../src/router/catalogue.js';
import { DEFAULT_POLICY } from '../../src/router/policy.js';
import { silentLogger } from '../../src/shared/log.js';
import { FAKE_CLAUDE, FAKE_CODEX } from '../fakes/cli/helpers.js';
import { type KevHarness, kevHarness } from './kev.js';

/** The parent env the CLI children are picked from: secrets of every kind, to prove the allowlist. */
export const PARENT_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TELEGRAM_BOT_TOKEN: '123456:telegram-secret',
  ANTHROPIC_API_KEY: 'sk-ant-build-test',
  OPENAI_API_KEY: 'sk-openai-build-test',
  GEMINI_API_KEY: 'gemini-build-test',
};

export interface BenchOptions {
  claude?: Record<string, string>;
  codex?: Record<string, string>;
  /** Which CLIs are installed (default both). */
  installed?: Provider[];
  timeoutMs?: number;
  buildConcurrency?: number;
  claudeRunner?: RunCommand;
  /** HTTP providers to configure too (base URLs of fake model servers). */
  providers?: Partial<Record<Provider, ProviderConfig>>;
  pipelinePlan?: PipelinePlan;
  /** Progress notices as main wires them (off unless given). */
  progress?: { startedAfterMs: number; everyMs: number };
}

export interface BuildBench {
  h: KevHarness;
  dataDir: string;
  dispatcher: Dispatcher;
  merges: MergeService;
  /** Creates a ready Rex (code) task from the memory chat, optionally in a named project. */
  task(title: string, options?: { project?: string; type?: string; agent?: string }): TaskRow;
  /** Kicks the dispatcher and the merge service until the task reaches `state`. */
  until(id: number, state: TaskState): Promise<TaskRow>;
  repo(project: string): string;
  git(cwd: string, ...args: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

export function buildBench(options: BenchOptions = {}): BuildBench {
  const installed = new Set<Provider>(options.installed ?? ['claude_code', 'codex']);
  const http = Object.keys(options.providers ?? {}) as Provider[];
  const configured = new Set<Provider>([...installed, ...http]);
  const h = kevHarness({
    configured: [...configured],
    ...(options.pipelinePlan ? { pipelinePlan: options.pipelinePlan } : {}),
  });
  const dataDir = join(h.dir, 'data');
  const chat = { platform: 'memory', chatId: 'c1' };
  const executor = new CliExecutor({
    store: h.store,
    dataDir,
    workers: {
      ...(installed.has('claude_code')
        ? {
            claude_code: new ClaudeCodeWorker({
              bin: FAKE_CLAUDE,
              graceMs: 200,
              ...(options.claudeRunner ? { runCommand: options.claudeRunner } : {}),
            }),
          }
        : {}),
      ...(installed.has('codex') ? { codex: new CodexWorker({ bin: FAKE_CODEX, graceMs: 200 }) } : {}),
    },
    parentEnv: PARENT_ENV,
    extraEnv: {
      claude_code: { FAKE_CLI_MODE: 'edit_and_commit', ...options.claude },
      codex: { FAKE_CLI_MODE: 'edit', ...options.codex },
    },
    safety: {
      permissionMode: 'acceptEdits',
      allowedTools: DEFAULT_ALLOWED_TOOLS,
      sandbox: 'workspace-write',
      maxTurns: 12,
    },
    timeoutMs: options.timeoutMs ?? 30_000,
    sessions: new Semaphore(options.buildConcurrency ?? 2),
    log: silentLogger,
  });
  const executors: Partial<Record<Provider, Executor>> = {};
  for (const provider of installed) executors[provider] = executor;
  const llm = new LlmExecutor(options.providers ?? {});
  for (const provider of http) executors[provider] = llm;
  const dispatcher = new Dispatcher({
    store: h.store,
    policy: DEFAULT_POLICY,
    configured,
    executors,
    concurrency: 2,
    build: { types: buildTaskTypes(DEFAULT_POLICY), concurrency: options.buildConcurrency ?? 2 },
    budget: { dailyUsd: 5, taskUsd: 1 },
    dataDir,
    log: silentLogger,
    dayStart: () => 0,
    pollMs: 60_000,
    leaseMs: 60_000,
    ...(options.progress
      ? { startedNoticeAfterMs: options.progress.startedAfterMs, progressEveryMs: options.progress.everyMs }
      : {}),
    events: {
      review: (task, details) =>
        h.kev.notify(chat, reviewRequest(task, [...stageLines(h.store, task.id), ...details])),
      failed: (task, reason, cost) => {
        h.kev.notify(chat, failureNotice(task, reason, cost));
        h.kev.apply(chat, () => followPipeline(h.store, task.id));
      },
      budgetStop: () => {},
      started: (task, model) => h.kev.progress(chat, `task-${task.id}`, startedText(task, model)),
      progress: (task, info) => h.kev.progress(chat, `task-${task.id}`, progressText(task, info)),
      finished: (task, info) =>
        h.kev.progress(
          chat,
          `task-${task.id}`,
          finishedText(task, info.modelKey, info.elapsedMs, info.outcome),
          true,
        ),
    },
  });
  dispatcher.start();
  const merges = new MergeService({
    store: h.store,
    dataDir,
    log: silentLogger,
    busy: (id) => dispatcher.isRunning(id),
    events: {
      merged: (task, merge) => {
        h.kev.notify(chat, mergedNotice(task, merge));
        h.kev.apply(chat, () => followPipeline(h.store, task.id));
      },
      notMerged: (task, problem) => h.kev.notify(chat, notMergedNotice(task, problem)),
    },
  });
  return {
    h,
    dataDir,
    dispatcher,
    merges,
    task(title, extra = {}) {
      const task = h.store.tasks.create({
        title,
        body: title,
        type: extra.type ?? 'code',
        agent: extra.agent ?? 'Rex',
        platform: 'memory',
        chatId: 'c1',
      });
      if (extra.project) h.store.builds.set(task.id, { project: extra.project });
      return h.store.tasks.require(task.id);
    },
    async until(id, state) {
      for (;;) {
        dispatcher.kick();
        merges.kick();
        await merges.idle();
        await h.delivery.drain();
        const task = h.store.tasks.require(id);
        if (task.state === state && !dispatcher.isRunning(id)) {
          // One more pass: the worktree of a task that just stopped running can be tidied now.
          merges.kick();
          await merges.idle();
          await h.delivery.drain();
          return h.store.tasks.require(id);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    repo: (project) => join(dataDir, 'workspaces', project),
    git: (cwd, ...args) => git(cwd, args),
    async cleanup() {
      await dispatcher.stop(0);
      await merges.stop();
      h.cleanup();
    },
  };
}

export function exists(path: string | null | undefined): boolean {
  return path ? existsSync(path) : false;
}
