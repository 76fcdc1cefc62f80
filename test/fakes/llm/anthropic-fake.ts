// A fake Anthropic Messages API (POST /v1/messages) good enough for @anthropic-ai/sdk.

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

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

const STOP_REASONS: Record<FakeStop, string> = {
  end: 'end_turn',
  max_tokens: 'max_tokens',
  refusal: 'refusal',
};

export const anthropicDialect: WireDialect = {
  basePath: '',
  matches: (request) => request.method === 'POST' && request.path === '/v1/messages',
  render: renderAnthropic,
  read: readAnthropic,
};

export function startAnthropicFake(options?: FakeServerOptions): Promise<FakeServer> {
  return startHttpFake(anthropicDialect, options);
}

function renderAnthropic(reply: FakeReply, request: RecordedRequest): WireResponse {
  const common = renderCommon(reply);
  if (common) return common;
  switch (reply.kind) {
    case 'text':
    case 'json':
      return jsonResponse(200, {
        id: 'msg_fake01',
        type: 'message',
        role: 'assistant',
        model: str(dig(request.body, 'model')) ?? 'unknown',
        content: [{ type: 'text', text: replyText(reply) }],
        stop_reason: STOP_REASONS[reply.kind === 'text' ? (reply.stop ?? 'end') : 'end'],
        stop_sequence: null,
        usage: anthropicUsage(reply.usage ?? DEFAULT_USAGE),
      });
    case 'error':
      return errorResponse(reply.status, errorMessage(reply), retryHeaders(reply));
    case 'context_too_long':
      return errorResponse(400, 'prompt is too long: 212345 tokens > 200000 maximum');
    case 'missing_fields':
      return jsonResponse(200, { id: 'msg_fake01', type: 'message', role: 'assistant' });
    default:
      return errorResponse(500, `fake: cannot render ${reply.kind}`);
  }
}

function errorResponse(status: number, message: string, headers: Record<string, string> = {}): WireResponse {
  const type = ERROR_TYPES[status] ?? 'api_error';
  return jsonResponse(
    status,
    { type: 'error', error: { type, message }, request_id: 'req_fake01' },
    {
      'request-id': 'req_fake01',
      ...headers,
    },
  );
}

/** Anthropic's input_tokens counts only the uncached, unwritten part of the prompt. */
function anthropicUsage(usage: FakeUsage): Record<string, unknown> {
  const cached = usage.cachedTokens ?? 0;
  const written = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: usage.inputTokens - cached - written,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: written,
    output_tokens: usage.outputTokens,
    service_tier: 'standard',
  };
}

/** This SDK version sends the key as a bearer token; older ones used x-api-key. */
function readAnthropic({ headers, body }: RecordedRequest): ChatCall {
  return {
    apiKey: str(headers['x-api-key']) ?? bearer(headers),
    model: str(dig(body, 'model')),
    system: str(dig(body, 'system')),
    maxOutputTokens: num(dig(body, 'max_tokens')),
    turns: items(dig(body, 'messages')).map((m) => turn(dig(m, 'role'), dig(m, 'content'))),
    json: dig(body, 'output_config', 'format'),
    streamed: dig(body, 'stream') === true,
  };
}
