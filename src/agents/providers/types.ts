// The LLM provider port: one request shape, one result shape, for every provider Kev calls over HTTP.

import type { ModelEntry, Provider, Usage } from '../../router/catalogue.js';
import { HTTP_PROVIDERS, type HttpProvider } from '../../router/providers.js';

export type FailureKind =
  | 'rate_limited'
  | 'overloaded'
  | 'auth'
  | 'bad_request'
  | 'context_too_long'
  | 'timeout'
  | 'aborted'
  | 'malformed'
  | 'server'
  | 'network'
  /** The provider's SDK could not be loaded (not installed, broken); the message carries the cause. */
  | 'unavailable';

export interface ProviderFailure {
  kind: FailureKind;
  /** A redacted, human-readable sentence; never contains an API key. */
  message: string;
  status?: number;
  retryAfterMs?: number;
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  /** Provider + id + prices. */
  model: ModelEntry;
  system: string;
  messages: ChatTurn[];
  maxOutputTokens: number;
  /**
   * Ask for JSON matching this JSON schema (Anthropic output_config.format, OpenAI response_format
   * json_schema strict, Gemini responseJsonSchema). Write schemas strict-compatible: every object sets
   * additionalProperties: false and lists all its properties in required.
   */
  json?: { name: string; schema: Record<string, unknown> };
  /** The caller's cancellation; its abort comes back as kind 'aborted'. */
  signal?: AbortSignal;
  /** Whole-call budget including the body; exceeding it comes back as kind 'timeout'. */
  timeoutMs: number;
}

export type StopReason = 'end' | 'max_tokens' | 'refusal';

export type CompletionResult =
  | { ok: true; text: string; usage: Usage; costMicros: number; stopReason: StopReason }
  | { ok: false; failure: ProviderFailure; usage: Usage; costMicros: number };

/**
 * Contract: complete() never throws; every failure comes back as { ok: false } with a typed kind.
 * A JSON request that ends normally with text that does not parse is a 'malformed' failure that still
 * carries the usage and cost spent.
 */
export interface LlmProvider {
  readonly provider: Provider;
  complete(request: CompletionRequest): Promise<CompletionResult>;
}

export interface ProviderConfig {
  apiKey?: string;
  baseUrl?: string;
  /** SDK-level retries; default 0 because the router decides when to retry or fail over. */
  maxRetries?: number;
}

/** The providers reached through an HTTP SDK (the CLI workers live elsewhere): the PROVIDERS table's http rows. */
export const LLM_PROVIDERS = HTTP_PROVIDERS;
export type LlmProviderName = HttpProvider;
