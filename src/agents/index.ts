// The agents' public port: the dispatcher and the executors the composition root wires to it.
// Importing this loads no SDK: providers are imported on first use.

import type { Store, TaskRow } from '../db/index.js';
import type { AttemptInput, AttemptOutput, Executor } from '../ports/executor.js';
import type { Catalogue, Provider } from '../router/catalogue.js';
import type { Policy } from '../router/policy.js';
import { PROVIDERS, type ProviderSettings } from '../router/providers.js';
import type { Logger } from '../shared/log.js';
import { Semaphore } from './build-slots.js';
import { LlmExecutor } from './llm-executor.js';
import { type MeterOptions, meterTriage } from './metered-triage.js';
import type { ProviderConfig } from './providers/types.js';
import { type TriageModel, triageModel } from './triage-model.js';
import { unavailable } from './unavailable.js';

export type { AttemptInput, AttemptOutput, Executor } from '../ports/executor.js';
export { buildTaskTypes } from './build-slots.js';
export { type DispatchEvents, Dispatcher, type DispatcherOptions } from './dispatcher.js';
export { type MergeEvents, type MergeProblem, MergeService } from './merge-service.js';
export { type MeterOptions, meterTriage } from './metered-triage.js';
export { type TriageModel, type TriageRequest, triageModel } from './triage-model.js';

/** How coding CLIs run (config's KEV_CLI_* settings), handed over typed. */
export interface CliRunSettings {
  permissionMode: string;
  allowedTools: string[];
  sandbox: 'workspace-write' | 'read-only';
  maxTurns: number;
  timeoutMs: number;
  /** Coding sessions at once. */
  concurrency: number;
}

/** What the executors are built from: the switched-on providers and how CLIs run. */
export interface ExecutorSettings {
  providers: ProviderSettings;
  cli: CliRunSettings;
}

/** The HTTP providers' SDK settings, one per switched-on http row of the PROVIDERS table. */
export function providerConfigs(providers: ProviderSettings): Partial<Record<Provider, ProviderConfig>> {
  const configs: Partial<Record<Provider, ProviderConfig>> = {};
  for (const row of PROVIDERS) {
    const setting = providers[row.name];
    if (row.kind !== 'http' || !setting) continue;
    configs[row.name] = {
      ...(setting.apiKey ? { apiKey: setting.apiKey } : {}),
      ...(setting.baseUrl ? { baseUrl: setting.baseUrl } : {}),
    };
  }
  return configs;
}

/**
 * The model that reads the owner's messages, or undefined when no HTTP model is switched on. With
 * `meter`, each call is budget-checked and recorded (Kev's running parser); without, a dry run.
 */
export function triageFor(
  providers: ProviderSettings,
  policy: Policy,
  meter?: Omit<MeterOptions, 'policy'>,
): TriageModel | undefined {
  const model = triageModel(providerConfigs(providers), policy);
  return model && meter ? meterTriage(model, { ...meter, policy }) : model;
}

/**
 * What a build task's branch changed, for the security scan; git (and this module's helper) is
 * loaded only when a scan reads a branch.
 */
export function taskDiffs(dataDir: string): (task: TaskRow) => Promise<string | undefined> {
  return async (task) => {
    if (!task.project || !task.branch) return undefined;
    const { branchDiff } = await import('./branch-diff.js');
    return branchDiff(dataDir, task.project, task.branch);
  };
}

/** What the coding-CLI executor needs besides the env: the store, the data dir, the parent env. */
export interface BuildSetup {
  store: Store;
  dataDir: string;
  /** Where each CLI's allowlisted variables (PATH, HOME, its own key…) are read from. */
  parentEnv: NodeJS.ProcessEnv;
  /** Prices Codex's tokens (the owner's catalogue overrides included). */
  catalogue?: Catalogue;
  log?: Logger;
}

/**
 * One executor per configured provider (the HTTP ones share an LlmExecutor). With `build`, Claude
 * Code and Codex join when their binary is found, sharing one CliExecutor and its session cap.
 */
export function createExecutors(
  settings: ExecutorSettings,
  build?: BuildSetup,
): Partial<Record<Provider, Executor>> {
  const configs = providerConfigs(settings.providers);
  const llm = new LlmExecutor(configs);
  const executors: Partial<Record<Provider, Executor>> = {};
  for (const name of Object.keys(configs) as Provider[]) executors[name] = llm;
  const claude = settings.providers.claude_code?.bin;
  const codex = settings.providers.codex?.bin;
  if (!build || (!claude && !codex)) return executors;
  const catalogue = build.catalogue ? { catalogue: build.catalogue } : {};
  const { cli: run } = settings;
  // The CLI executor (and execa with it) is loaded on the first build task, not at start-up.
  const cli = lazyExecutor(async () => {
    const [{ CliExecutor }, { ClaudeCodeWorker }, { CodexWorker }] = await Promise.all([
      import('./cli-executor.js'),
      import('./cli/claude-code.js'),
      import('./cli/codex.js'),
    ]);
    return new CliExecutor({
      store: build.store,
      dataDir: build.dataDir,
      workers: {
        ...(claude ? { claude_code: new ClaudeCodeWorker({ bin: claude, ...catalogue }) } : {}),
        ...(codex ? { codex: new CodexWorker({ bin: codex, ...catalogue }) } : {}),
      },
      parentEnv: build.parentEnv,
      safety: {
        permissionMode: run.permissionMode,
        allowedTools: run.allowedTools,
        sandbox: run.sandbox,
        maxTurns: run.maxTurns,
      },
      timeoutMs: run.timeoutMs,
      sessions: new Semaphore(run.concurrency),
      ...(build.log ? { log: build.log } : {}),
    });
  });
  if (claude) executors.claude_code = cli;
  if (codex) executors.codex = cli;
  return executors;
}

/**
 * An executor loaded on first use. Keeps the executor contract: a load that fails is an
 * `unavailable` failure carrying its cause (the provider fails over), and the next attempt loads again.
 */
export function lazyExecutor(load: () => Promise<Executor>): Executor {
  let loading: Promise<Executor> | undefined;
  return {
    async run(input: AttemptInput): Promise<AttemptOutput> {
      let executor: Executor;
      try {
        loading ??= load();
        executor = await loading;
      } catch (error) {
        loading = undefined;
        return unavailable(input.rung.provider, error);
      }
      return executor.run(input);
    },
  };
}
