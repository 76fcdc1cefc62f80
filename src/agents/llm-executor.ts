// Runs an attempt on an HTTP model provider. Each provider's SDK is loaded the first time a task
// needs it, never at start-up.

import type { AttemptFailure, AttemptInput, AttemptOutput, Executor } from '../ports/executor.js';
import type { Provider } from '../router/catalogue.js';
import { type FailureKind, type LlmProvider, loadProvider, type ProviderConfig } from './providers/index.js';
import { unavailable } from './unavailable.js';

const CLASS_OF: Record<FailureKind, AttemptFailure['class']> = {
  rate_limited: 'provider',
  overloaded: 'provider',
  auth: 'provider',
  server: 'provider',
  network: 'provider',
  timeout: 'provider',
  malformed: 'provider',
  bad_request: 'quality',
  context_too_long: 'quality',
  aborted: 'stop',
  unavailable: 'provider',
};

export class LlmExecutor implements Executor {
  private readonly loaded = new Map<Provider, Promise<LlmProvider>>();

  constructor(private readonly configs: Partial<Record<Provider, ProviderConfig>>) {}

  async run(input: AttemptInput): Promise<AttemptOutput> {
    let provider: LlmProvider;
    try {
      provider = await this.provider(input.rung.provider);
    } catch (error) {
      return unavailable(input.rung.provider, error);
    }
    const result = await provider.complete({
      model: input.entry,
      system: input.prompt.system,
      messages: [{ role: 'user', content: input.prompt.user }],
      maxOutputTokens: input.maxOutputTokens,
      timeoutMs: input.timeoutMs,
      signal: input.signal,
    });
    if (result.ok) {
      const failure: AttemptFailure | undefined =
        result.stopReason === 'refusal'
          ? { kind: 'refusal', message: 'the model refused', class: 'quality' }
          : undefined;
      return {
        ok: !failure,
        text: result.text,
        usage: result.usage,
        costMicros: result.costMicros,
        ...(failure ? { failure } : {}),
      };
    }
    const { kind, message, retryAfterMs } = result.failure;
    return {
      ok: false,
      text: '',
      usage: result.usage,
      costMicros: result.costMicros,
      failure: {
        kind,
        message,
        class: CLASS_OF[kind],
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      },
    };
  }

  private provider(name: Provider): Promise<LlmProvider> {
    let loading = this.loaded.get(name);
    if (!loading) {
      const config = this.configs[name];
      if (!config) return Promise.reject(new Error(`${name} is not configured`));
      loading = loadProvider(name, config);
      this.loaded.set(name, loading);
      loading.catch(() => this.loaded.delete(name));
    }
    return loading;
  }
}
