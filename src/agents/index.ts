// The agents' public port: the dispatcher and the executors the composition root wires to it.
// Importing this loads no SDK: providers are imported on first use.

import { type Env, findExecutable } from '../config/config.js';
import type { Store } from '../db/index.js';
import type { AttemptInput, AttemptOutput, Executor } from '../ports/executor.js';
import type { Catalogue, Provider } from '../router/catalogue.js';
import type { Logger } from '../shared/log.js';
import { Semaphore } from './build-slots.js';
import { LlmExecutor } from './llm-executor.js';
import type { ProviderConfig } from './providers/types.js';

export type { AttemptInput, AttemptOutput, Executor } from '../ports/executor.js';
export { buildTaskTypes } from './build-slots.js';
export { type DispatchEvents, Dispatcher, type DispatcherOptions } from './dispatcher.js';
export { type MergeEvents, type MergeProblem, MergeService } from './merge-service.js';
export { type MeterOptions, meterTriage } from './metered-triage.js';
export { type TriageModel, type TriageRequest, triageModel } from './triage-model.js';

/** Provider settings from the environment; a provider without its key (or URL) is absent. */
export function providerConfigs(env: Env): Partial<Record<Provider, ProviderConfig>> {
  const configs: Partial<Record<Provider, ProviderConfig>> = {};
  const add = (name: Provider, apiKey: string | undefined, baseUrl: string | undefined) => {
    configs[name] = { ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}) };
  };
  if (env.ANTHROPIC_API_KEY) add('anthropic', env.ANTHROPIC_API_KEY, env.ANTHROPIC_BASE_URL);
  if (env.OPENAI_API_KEY) add('openai', env.OPENAI_API_KEY, env.OPENAI_BASE_URL);
  if (env.CEREBRAS_API_KEY) add('cerebras', env.CEREBRAS_API_KEY, env.CEREBRAS_BASE_URL);
  if (env.GEMINI_API_KEY) add('gemini', env.GEMINI_API_KEY, env.GEMINI_BASE_URL);
  if (env.LLAMACPP_BASE_URL) add('llamacpp', undefined, env.LLAMACPP_BASE_URL);
  return configs;
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
export function createExecutors(env: Env, build?: BuildSetup): Partial<Record<Provider, Executor>> {
  const configs = providerConfigs(env);
  const llm = new LlmExecutor(configs);
  const executors: Partial<Record<Provider, Executor>> = {};
  for (const name of Object.keys(configs) as Provider[]) executors[name] = llm;
  if (!build) return executors;
  const path = build.parentEnv.PATH ?? '';
  const claude = findExecutable(env.CLAUDE_BIN ?? 'claude', path);
  const codex = findExecutable(env.CODEX_BIN ?? 'codex', path);
  if (!claude && !codex) return executors;
  const catalogue = build.catalogue ? { catalogue: build.catalogue } : {};
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
        permissionMode: env.KEV_CLI_PERMISSION_MODE,
        allowedTools: env.KEV_CLI_ALLOWED_TOOLS,
        sandbox: env.KEV_CODEX_SANDBOX,
        maxTurns: Math.floor(env.KEV_CLI_MAX_TURNS),
      },
      timeoutMs: env.KEV_CLI_TIMEOUT_MS,
      sessions: new Semaphore(Math.floor(env.KEV_BUILD_CONCURRENCY)),
      ...(build.log ? { log: build.log } : {}),
    });
  });
  if (claude) executors.claude_code = cli;
  if (codex) executors.codex = cli;
  return executors;
}

function lazyExecutor(load: () => Promise<Executor>): Executor {
  let loading: Promise<Executor> | undefined;
  return {
    async run(input: AttemptInput): Promise<AttemptOutput> {
      loading ??= load();
      return (await loading).run(input);
    },
  };
}
