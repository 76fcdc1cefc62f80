// The providers' public entry: loadProvider picks an adapter by name and imports its SDK only then,
// so a provider that is not configured never costs start-up time. No SDK is imported statically here.

import type { Provider } from '../../router/catalogue.js';
import { LLM_PROVIDERS, type LlmProvider, type LlmProviderName, type ProviderConfig } from './types.js';

export type * from './types.js';
export { LLM_PROVIDERS } from './types.js';

type Loader = (config: ProviderConfig) => Promise<LlmProvider>;

const LOADERS: Record<LlmProviderName, Loader> = {
  anthropic: async (config) => (await import('./anthropic.js')).createAnthropicProvider(config),
  openai: async (config) => (await import('./openai-compat.js')).createOpenAiCompatProvider('openai', config),
  cerebras: async (config) =>
    (await import('./openai-compat.js')).createOpenAiCompatProvider('cerebras', config),
  llamacpp: async (config) =>
    (await import('./openai-compat.js')).createOpenAiCompatProvider('llamacpp', config),
  gemini: async (config) => (await import('./gemini.js')).createGeminiProvider(config),
};

export function isLlmProvider(provider: Provider): provider is LlmProviderName {
  return (LLM_PROVIDERS as readonly Provider[]).includes(provider);
}

/** Rejects for a CLI provider (claude_code, codex) or a missing key / base URL; never logs the key. */
export async function loadProvider(provider: Provider, config: ProviderConfig): Promise<LlmProvider> {
  if (!isLlmProvider(provider)) throw new Error(`${provider} is a CLI worker, not an HTTP LLM provider`);
  return LOADERS[provider](config);
}
