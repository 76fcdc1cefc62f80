// Anthropic adapter: messages.create, non-streamed. JSON requests use native structured output
// (output_config.format json_schema), so the answer arrives as an ordinary text block holding the JSON.

import Anthropic from '@anthropic-ai/sdk';
import type { Usage } from '../../router/catalogue.js';
import { guardCall, type ParsedAnswer } from './call.js';
import { MalformedResponseError } from './errors.js';
import type { CompletionRequest, LlmProvider, ProviderConfig, StopReason } from './types.js';
import { count, isRecord, list, optionalCount, record, text } from './wire.js';

const DEFAULT_BASE_URL = 'https://api.anthropic.com';

const STOP_REASONS: Record<string, StopReason> = {
  end_turn: 'end',
  stop_sequence: 'end',
  tool_use: 'end',
  pause_turn: 'end',
  max_tokens: 'max_tokens',
  model_context_window_exceeded: 'max_tokens',
  refusal: 'refusal',
};

export function createAnthropicProvider(config: ProviderConfig): LlmProvider {
  if (!config.apiKey) throw new Error('anthropic: no API key configured (ANTHROPIC_API_KEY)');
  const maxRetries = config.maxRetries ?? 0;
  const client = new Anthropic({
    apiKey: config.apiKey,
    baseURL: config.baseUrl ?? DEFAULT_BASE_URL,
    maxRetries,
    logLevel: 'off',
    openTelemetry: false,
  });
  const secrets = [config.apiKey];
  return {
    provider: 'anthropic',
    complete: (request) =>
      guardCall(request, secrets, async (signal) => {
        const message = await client.messages.create(toParams(request), {
          signal,
          timeout: request.timeoutMs,
          maxRetries,
        });
        return readMessage(message);
      }),
  };
}

function toParams(request: CompletionRequest): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: request.model.id,
    max_tokens: request.maxOutputTokens,
    system: request.system,
    messages: request.messages.map((turn) => ({ role: turn.role, content: turn.content })),
    ...(request.json
      ? { output_config: { format: { type: 'json_schema', schema: request.json.schema } } }
      : {}),
  };
}

function readMessage(message: unknown): ParsedAnswer {
  const body = record(message, 'message');
  const stop = text(body.stop_reason);
  if (stop === undefined) throw new MalformedResponseError('answer has no stop_reason');
  const stopReason = STOP_REASONS[stop] ?? 'end';
  const blocks = list(body.content, 'content').filter(isRecord);
  const answer = blocks
    .filter((block) => block.type === 'text')
    .map((block) => text(block.text) ?? '')
    .join('');
  return { text: answer, usage: readUsage(body.usage), stopReason };
}

/** input_tokens excludes cache reads and writes; Kev's inputTokens is the whole prompt (writes priced as input). */
function readUsage(value: unknown): Usage {
  const usage = record(value, 'usage');
  const uncached = count(usage.input_tokens, 'usage.input_tokens');
  const cacheRead = optionalCount(usage.cache_read_input_tokens, 'usage.cache_read_input_tokens');
  const cacheWrite = optionalCount(usage.cache_creation_input_tokens, 'usage.cache_creation_input_tokens');
  return {
    inputTokens: uncached + cacheRead + cacheWrite,
    outputTokens: count(usage.output_tokens, 'usage.output_tokens'),
    cachedTokens: cacheRead,
  };
}
