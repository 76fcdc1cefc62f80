// The model that reads the owner's messages: the cheapest configured model of the triage route's
// ladder, else the cheapest configured HTTP model in the catalogue (by tier, then price). Its SDK is
// loaded on the first call, never at start-up.

import { type ModelEntry, type Provider, TIERS, ZERO_USAGE } from '../router/catalogue.js';
import type { Policy } from '../router/policy.js';
import { isLlmProvider, type LlmProvider, loadProvider } from './providers/index.js';
import type { CompletionRequest, CompletionResult, ProviderConfig } from './providers/types.js';

export type TriageRequest = Omit<CompletionRequest, 'model'>;

export interface TriageModel {
  /** Catalogue key, e.g. "cerebras/gpt-oss-120b". */
  key: string;
  /** Contract: never throws (a provider that cannot load is an 'unavailable' failure with the cause). */
  complete(request: TriageRequest): Promise<CompletionResult>;
}

export function pickTriageEntry(
  configs: Partial<Record<Provider, ProviderConfig>>,
  policy: Policy,
): ModelEntry | undefined {
  const usable = (entry: ModelEntry | undefined): entry is ModelEntry =>
    entry !== undefined && isLlmProvider(entry.provider) && configs[entry.provider] !== undefined;
  const onLadder = policy.routes.triage.ladder.map((key) => policy.catalogue[key]).find(usable);
  if (onLadder) return onLadder;
  const rank = (entry: ModelEntry) => TIERS.indexOf(entry.tier);
  const price = (entry: ModelEntry) => entry.price.input + entry.price.output;
  return Object.values(policy.catalogue)
    .filter(usable)
    .sort((a, b) => rank(a) - rank(b) || price(a) - price(b) || a.key.localeCompare(b.key))[0];
}

/** Undefined when no HTTP model provider is configured (Kev then reads messages with its rules). */
export function triageModel(
  configs: Partial<Record<Provider, ProviderConfig>>,
  policy: Policy,
): TriageModel | undefined {
  const entry = pickTriageEntry(configs, policy);
  if (!entry) return undefined;
  let loading: Promise<LlmProvider> | undefined;
  return {
    key: entry.key,
    async complete(request) {
      loading ??= loadProvider(entry.provider, configs[entry.provider] ?? {});
      try {
        const provider = await loading;
        return await provider.complete({ ...request, model: entry });
      } catch (error) {
        loading = undefined;
        const message = `cannot load ${entry.provider}: ${(error as Error).message}`;
        return {
          ok: false,
          failure: { kind: 'unavailable', message },
          usage: { ...ZERO_USAGE },
          costMicros: 0,
        };
      }
    },
  };
}
