// A fake OpenAI-compatible Chat Completions API (POST /v1/chat/completions), as served by OpenAI,
// Cerebras and llama.cpp: plain JSON, or SSE chunks ending in a usage chunk and `data: [DONE]`.

import { bearer, type ChatCall, dig, items, num, str, turn } from './chat-call.js';
import {
  type FakeServer,
  type FakeServerOptions,
  jsonResponse,
  type RecordedRequest,
  renderCommon,
  startHttpFake,
  type WireDialect,
  type WireResponse,
} from './http-fake.js';
import {
  DEFAULT_USAGE,
  errorMessage,
  type FakeReply,
  type FakeStop,
  type FakeUsage,
  replyText,
  retryHeaders,
} from './replies.js';

const ERROR_TYPES: Record<number, { type: string; code: string | null }> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
};

const FINISH_REASONS: Record<FakeStop, string> = { end: 'stop', max_tokens: 'length', refusal: 'stop' };

export const openAiDialect: WireDialect = {
  basePath: '/v1',
  matches: (request) => request.method === 'POST' && request.path === '/v1/chat/completions',
  render: renderOpenAi,
  read: readOpenAi,
};

export function startOpenAiFake(options?: FakeServerOptions): Promise<FakeServer> {
  return startHttpFake(openAiDialect, options);
}

function renderOpenAi(reply: FakeReply, request: RecordedRequest): WireResponse {
  const streamed = dig(request.body, 'stream') === true;
  if (reply.kind === 'malformed' && streamed)
    return { status: 200, events: [reply.body ?? '{"id": "chatcmpl-fake", "choices": ['] };
  const common = renderCommon(reply);
  if (common) return common;
  const model = str(dig(request.body, 'model')) ?? 'unknown';
  switch (reply.kind) {
    case 'text':
    case 'json': {
      const answer = {
        text: replyText(reply),
        stop: reply.kind === 'text' ? (reply.stop ?? 'end') : 'end',
      } as const;
      const usage = openAiUsage(reply.usage ?? DEFAULT_USAGE);
      return streamed ? streamAnswer(request, model, answer, usage) : completeAnswer(model, answer, usage);
    }
    case 'error':
      return errorResponse(reply.status, errorMessage(reply), retryHeaders(reply));
    case 'context_too_long':
      return errorResponse(
        400,
        "This model's maximum context length is 131072 tokens. However, your messages resulted in 140000 tokens. Please reduce the length of the messages.",
        {},
        'context_length_exceeded',
      );
    case 'missing_fields':
      return streamed
        ? {
            status: 200,
            events: [JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk' }), '[DONE]'],
          }
        : jsonResponse(200, { id: 'chatcmpl-fake', object: 'chat.completion' });
    default:
      return errorResponse(500, `fake: cannot render ${reply.kind}`);
  }
}

interface Answer {
  text: string;
  stop: FakeStop;
}

function message(answer: Answer): Record<string, unknown> {
  return answer.stop === 'refusal'
    ? { role: 'assistant', content: null, refusal: answer.text }
    : { role: 'assistant', content: answer.text, refusal: null };
}

function completeAnswer(model: string, answer: Answer, usage: Record<string, unknown>): WireResponse {
  return jsonResponse(200, {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [
      { index: 0, message: message(answer), finish_reason: FINISH_REASONS[answer.stop], logprobs: null },
    ],
    usage,
  });
}

/** Role chunk, the text in two deltas, the finish chunk, then (if asked) a usage chunk with no choices. */
function streamAnswer(
  request: RecordedRequest,
  model: string,
  answer: Answer,
  usage: Record<string, unknown>,
): WireResponse {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      id: 'chatcmpl-fake',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model,
      choices,
      ...extra,
    });
  const delta = (d: Record<string, unknown>, finish: string | null = null) => [
    { index: 0, delta: d, finish_reason: finish },
  ];
  const field = answer.stop === 'refusal' ? 'refusal' : 'content';
  const half = Math.ceil(answer.text.length / 2);
  const events = [
    chunk(delta({ role: 'assistant', content: '' })),
    chunk(delta({ [field]: answer.text.slice(0, half) })),
    chunk(delta({ [field]: answer.text.slice(half) })),
    chunk(delta({}, FINISH_REASONS[answer.stop])),
  ];
  if (dig(request.body, 'stream_options', 'include_usage') === true) events.push(chunk([], { usage }));
  events.push('[DONE]');
  return { status: 200, events };
}

function errorResponse(
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code?: string,
): WireResponse {
  const known = ERROR_TYPES[status] ?? { type: 'server_error', code: null };
  return jsonResponse(
    status,
    { error: { message, type: known.type, param: null, code: code ?? known.code } },
    {
      'x-request-id': 'req_fake01',
      ...headers,
    },
  );
}

function openAiUsage(usage: FakeUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}

/** The system prompt is the leading system (or developer) message; the JSON request is response_format. */
function readOpenAi({ headers, body }: RecordedRequest): ChatCall {
  const messages = items(dig(body, 'messages'));
  const leading = str(dig(messages[0], 'role'));
  const system =
    leading === 'system' || leading === 'developer' ? str(dig(messages[0], 'content')) : undefined;
  return {
    apiKey: bearer(headers),
    model: str(dig(body, 'model')),
    system,
    maxOutputTokens: num(dig(body, 'max_completion_tokens')) ?? num(dig(body, 'max_tokens')),
    turns: messages.slice(system === undefined ? 0 : 1).map((m) => turn(dig(m, 'role'), dig(m, 'content'))),
    json: dig(body, 'response_format'),
    streamed: dig(body, 'stream') === true,
  };
}
