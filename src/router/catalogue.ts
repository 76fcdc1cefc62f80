// The model catalogue: every model Kev may call, with its provider, tier and list price.
// Prices are USD per million tokens and live here so cost is computed once, where usage is parsed.

import type { Provider } from './providers.js';

export { PROVIDER_NAMES, type Provider } from './providers.js';

export const TIERS = ['free', 'cheap', 'standard', 'premium'] as const;
export type Tier = (typeof TIERS)[number];

export interface ModelPrice {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
  /** USD per million cached input tokens (reads). */
  cached: number;
}

export interface ModelEntry {
  /** Kev's key for the model, e.g. "cerebras/gpt-oss-120b". */
  key: string;
  provider: Provider;
  /** The id the provider's API or CLI expects. */
  id: string;
  tier: Tier;
  price: ModelPrice;
  /** Largest context the model takes, in tokens. */
  contextTokens: number;
}

export type Catalogue = Record<string, ModelEntry>;

function model(
  key: string,
  provider: Provider,
  id: string,
  tier: Tier,
  price: ModelPrice,
  contextTokens: number,
): [string, ModelEntry] {
  return [key, { key, provider, id, tier, price, contextTokens }];
}

/** Defaults, current as of late 2026; the owner overrides any entry in kev.config.json. */
export const DEFAULT_CATALOGUE: Catalogue = Object.fromEntries([
  model(
    'cerebras/gpt-oss-120b',
    'cerebras',
    'gpt-oss-120b',
    'cheap',
    { input: 0.35, output: 0.75, cached: 0.35 },
    131_072,
  ),
  model(
    'cerebras/llama3.1-8b',
    'cerebras',
    'llama3.1-8b',
    'free',
    { input: 0.1, output: 0.1, cached: 0.1 },
    32_768,
  ),
  model(
    'gemini/gemini-2.5-flash',
    'gemini',
    'gemini-2.5-flash',
    'cheap',
    { input: 0.3, output: 2.5, cached: 0.03 },
    1_048_576,
  ),
  model(
    'gemini/gemini-2.5-pro',
    'gemini',
    'gemini-2.5-pro',
    'standard',
    { input: 1.25, output: 10, cached: 0.125 },
    1_048_576,
  ),
  model(
    'anthropic/claude-haiku-5-5',
    'anthropic',
    'claude-haiku-5-5',
    'cheap',
    { input: 1, output: 5, cached: 0.1 },
    200_000,
  ),
  model(
    'anthropic/claude-sonnet-5-5',
    'anthropic',
    'claude-sonnet-5-5',
    'standard',
    { input: 3, output: 15, cached: 0.3 },
    200_000,
  ),
  model(
    'anthropic/claude-opus-5-5',
    'anthropic',
    'claude-opus-5-5',
    'premium',
    { input: 5, output: 25, cached: 0.5 },
    200_000,
  ),
  model(
    'openai/gpt-5-mini',
    'openai',
    'gpt-5-mini',
    'cheap',
    { input: 0.25, output: 2, cached: 0.025 },
    400_000,
  ),
  model('openai/gpt-5', 'openai', 'gpt-5', 'standard', { input: 1.25, output: 10, cached: 0.125 }, 400_000),
  model('llamacpp/local', 'llamacpp', 'local', 'free', { input: 0, output: 0, cached: 0 }, 32_768),
  model(
    'claude-code/sonnet',
    'claude_code',
    'sonnet',
    'standard',
    { input: 3, output: 15, cached: 0.3 },
    200_000,
  ),
  model('claude-code/opus', 'claude_code', 'opus', 'premium', { input: 5, output: 25, cached: 0.5 }, 200_000),
  model(
    'codex/gpt-5-codex',
    'codex',
    'gpt-5-codex',
    'standard',
    { input: 1.25, output: 10, cached: 0.125 },
    400_000,
  ),
]);

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
}

/** No tokens: what a call that never reached the model used. */
export const ZERO_USAGE: Readonly<Usage> = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cachedTokens: 0,
});

/** Cost in micro-USD (integers add up exactly; 1 USD = 1_000_000). Cached tokens are part of input. */
export function costMicros(entry: ModelEntry, usage: Usage): number {
  const uncached = Math.max(0, usage.inputTokens - usage.cachedTokens);
  const micros =
    uncached * entry.price.input +
    usage.cachedTokens * entry.price.cached +
    usage.outputTokens * entry.price.output;
  return Math.round(micros);
}

export { formatUsd } from './money.js';
