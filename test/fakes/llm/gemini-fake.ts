// A fake Gemini API (POST /v1beta/models/{model}:generateContent, and :streamGenerateContent?alt=sse)
// good enough for @google/genai with httpOptions.baseUrl. Errors carry google.rpc status and RetryInfo.

import { type ChatCall, dig, items, num, str, turn } from './chat-call.js';
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
} from './replies.js';

const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const FINISH_REASONS: Record<FakeStop, string> = { end: 'STOP', max_tokens: 'MAX_TOKENS', refusal: 'SAFETY' };

export const geminiDialect: WireDialect = {
  basePath: '',
  matches: (request) => request.method === 'POST' && ROUTE.test(request.path),
  render: renderGemini,
  read: readGemini,
};

export function startGeminiFake(options?: FakeServerOptions): Promise<FakeServer> {
  return startHttpFake(geminiDialect, options);
}

function renderGemini(reply: FakeReply, request: RecordedRequest): WireResponse {
  const common = renderCommon(reply);
  if (common) return common;
  const [, model = 'unknown', method] = ROUTE.exec(request.path) ?? [];
  switch (reply.kind) {
    case 'text':
    case 'json': {
      const stop = reply.kind === 'text' ? (reply.stop ?? 'end') : 'end';
      const answer = {
        candidates: [candidate(replyText(reply), stop)],
        usageMetadata: geminiUsage(reply.usage ?? DEFAULT_USAGE),
        modelVersion: model,
        responseId: 'fake-response-01',
      };
      return method === 'streamGenerateContent'
        ? { status: 200, events: [JSON.stringify(answer)] }
        : jsonResponse(200, answer);
    }
    case 'error': {
      const seconds = reply.retryAfterMs === undefined ? reply.retryAfterSeconds : reply.retryAfterMs / 1000;
      return errorResponse(reply.status, errorMessage(reply), seconds);
    }
    case 'context_too_long':
      return errorResponse(
        400,
        'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
      );
    case 'missing_fields':
      return jsonResponse(200, { modelVersion: model, responseId: 'fake-response-01' });
    default:
      return errorResponse(500, `fake: cannot render ${reply.kind}`);
  }
}

/** A safety stop comes back with no content, as the real API does. */
function candidate(text: string, stop: FakeStop): Record<string, unknown> {
  const finishReason = FINISH_REASONS[stop];
  if (stop === 'refusal') return { finishReason, index: 0 };
  return { content: { role: 'model', parts: [{ text }] }, finishReason, index: 0 };
}

function errorResponse(status: number, message: string, retryDelaySeconds?: number): WireResponse {
  const details =
    retryDelaySeconds === undefined
      ? undefined
      : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` }];
  return jsonResponse(status, {
    error: {
      code: status,
      message,
      status: RPC_STATUS[status] ?? 'UNKNOWN',
      ...(details ? { details } : {}),
    },
  });
}

/** Gemini counts thoughts apart from candidates and omits zero counts. */
function geminiUsage(usage: FakeUsage): Record<string, number> {
  const thoughts = usage.reasoningTokens ?? 0;
  const cached = usage.cachedTokens ?? 0;
  return {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: usage.outputTokens - thoughts,
    totalTokenCount: usage.inputTokens + usage.outputTokens,
    ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
  };
}

/** The key rides in x-goog-api-key; the JSON request is the generationConfig's mime type and schema. */
function readGemini({ headers, path, body }: RecordedRequest): ChatCall {
  const config = dig(body, 'generationConfig');
  const mime = dig(config, 'responseMimeType');
  return {
    apiKey: str(headers['x-goog-api-key']),
    model: ROUTE.exec(path)?.[1],
    system: str(dig(body, 'systemInstruction', 'parts', 0, 'text')),
    maxOutputTokens: num(dig(config, 'maxOutputTokens')),
    turns: items(dig(body, 'contents')).map((c) => turn(dig(c, 'role'), dig(c, 'parts', 0, 'text'))),
    json:
      mime === undefined
        ? undefined
        : { responseMimeType: mime, responseJsonSchema: dig(config, 'responseJsonSchema') },
    streamed: path.endsWith(':streamGenerateContent'),
  };
}
