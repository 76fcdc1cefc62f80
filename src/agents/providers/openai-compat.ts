// OpenAI-compatible adapter (OpenAI, Cerebras, llama.cpp server): chat.completions streamed with
// stream_options.include_usage, so usage arrives in the last chunk. JSON requests use response_format
// json_schema (strict). The dialects differ only in the rows of DIALECTS.

import OpenAI from 'openai';
import type { Usage } from '../../router/catalogue.js';
import { guardCall, type ParsedAnswer } from './call.js';
import { MalformedResponseError } from './errors.js';
import type { CompletionRequest, LlmProvider, ProviderConfig, StopReason } from './types.js';
import { count, isRecord, optionalCount, record, text } from './wire.js';

export type OpenAiCompatProvider = 'openai' | 'cerebras' | 'llamacpp';

interface Dialect {
  defaultBaseUrl?: string;
  /** A local llama.cpp server usually runs without a key; the SDK still wants one. */
  keyRequired: boolean;
  /** gpt-5 class models reject max_tokens; llama.cpp reads max_tokens. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /** Paid providers must report usage or the budget cannot be enforced; a free local server may not. */
  usageRequired: boolean;
}

const DIALECTS: Record<OpenAiCompatProvider, Dialect> = {
  openai: {
    defaultBaseUrl: 'https://api.openai.com/v1',
    keyRequired: true,
    maxTokensField: 'max_completion_tokens',
    usageRequired: true,
  },
  cerebras: {
    defaultBaseUrl: 'https://api.cerebras.ai/v1',
    keyRequired: true,
    maxTokensField: 'max_completion_tokens',
    usageRequired: true,
  },
  llamacpp: { keyRequired: false, maxTokensField: 'max_tokens', usageRequired: false },
};

const NO_KEY = 'sk-no-key';

const FINISH_REASONS: Record<string, StopReason> = {
  stop: 'end',
  tool_calls: 'end',
  function_call: 'end',
  length: 'max_tokens',
  content_filter: 'refusal',
};

export function createOpenAiCompatProvider(
  provider: OpenAiCompatProvider,
  config: ProviderConfig,
): LlmProvider {
  const dialect = DIALECTS[provider];
  if (dialect.keyRequired && !config.apiKey) throw new Error(`${provider}: no API key configured`);
  const baseURL = config.baseUrl ?? dialect.defaultBaseUrl;
  if (!baseURL) throw new Error(`${provider}: a base URL is required, e.g. http://gpu-box:8080/v1`);
  const apiKey = config.apiKey ?? NO_KEY;
  const maxRetries = config.maxRetries ?? 0;
  const client = new OpenAI({ apiKey, baseURL, maxRetries, logLevel: 'off' });
  const secrets = config.apiKey ? [config.apiKey] : [];
  return {
    provider,
    complete: (request) =>
      guardCall(request, secrets, async (signal) => {
        const stream = await client.chat.completions.create(toParams(request, dialect), {
          signal,
          timeout: request.timeoutMs,
          maxRetries,
        });
        return readStream(stream, dialect);
      }),
  };
}

function toParams(request: CompletionRequest, dialect: Dialect): OpenAI.ChatCompletionCreateParamsStreaming {
  return {
    model: request.model.id,
    stream: true,
    stream_options: { include_usage: true },
    [dialect.maxTokensField]: request.maxOutputTokens,
    messages: [
      { role: 'system', content: request.system },
      ...request.messages.map((turn) => ({ role: turn.role, content: turn.content })),
    ],
    ...(request.json
      ? {
          response_format: {
            type: 'json_schema',
            json_schema: { name: request.json.name, schema: request.json.schema, strict: true },
          },
        }
      : {}),
  };
}

async function readStream(chunks: AsyncIterable<unknown>, dialect: Dialect): Promise<ParsedAnswer> {
  let content = '';
  let refusal = '';
  let finish: string | undefined;
  let usage: unknown;
  for await (const chunk of chunks) {
    const body = record(chunk, 'chunk');
    if (isRecord(body.usage)) usage = body.usage;
    const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
    if (!isRecord(choice)) continue;
    const delta = isRecord(choice.delta) ? choice.delta : {};
    content += text(delta.content) ?? '';
    refusal += text(delta.refusal) ?? '';
    finish = text(choice.finish_reason) ?? finish;
  }
  if (finish === undefined) throw new MalformedResponseError('stream ended without a finish_reason');
  const stopReason = refusal ? 'refusal' : (FINISH_REASONS[finish] ?? 'end');
  if (usage === undefined && dialect.usageRequired) {
    throw new MalformedResponseError('stream ended without a usage chunk');
  }
  return { text: refusal || content, usage: readUsage(usage), stopReason };
}

/** prompt_tokens includes cached tokens; completion_tokens includes reasoning tokens. */
function readUsage(value: unknown): Usage {
  if (value === undefined) return { inputTokens: 0, outputTokens: 0, cachedTokens: 0 };
  const usage = record(value, 'usage');
  const details = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  return {
    inputTokens: count(usage.prompt_tokens, 'usage.prompt_tokens'),
    outputTokens: count(usage.completion_tokens, 'usage.completion_tokens'),
    cachedTokens: optionalCount(details.cached_tokens, 'usage.prompt_tokens_details.cached_tokens'),
  };
}
