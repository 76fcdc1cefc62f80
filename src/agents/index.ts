// The agents' public port: the dispatcher and the executors the composition root wires to it.
// Importing this loads no SDK: providers are imported on first use.

import type { Env } from '../config.js';
import type { Provider } from '../router/catalogue.js';
import type { Executor } from './executor.js';
import { LlmExecutor } from './llm-executor.js';
import type { ProviderConfig } from './providers/types.js';

export { type DispatchEvents, Dispatcher, type DispatcherOptions } from './dispatcher.js';
export type { AttemptInput, AttemptOutput, Executor } from './executor.js';

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

/** One executor per configured provider (the HTTP ones share an LlmExecutor). */
export function createExecutors(env: Env): Partial<Record<Provider, Executor>> {
  const configs = providerConfigs(env);
  const llm = new LlmExecutor(configs);
  const executors: Partial<Record<Provider, Executor>> = {};
  for (const name of Object.keys(configs) as Provider[]) executors[name] = llm;
  return executors;
}
