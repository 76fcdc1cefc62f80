// Gemini adapter: models.generateContent (v1beta, key in x-goog-api-key). JSON requests use
// responseMimeType application/json + responseJsonSchema. Thought tokens are billed as output.

import { type GenerateContentParameters, GoogleGenAI } from '@google/genai';
import type { Usage } from '../../router/catalogue.js';
import { guardCall, type ParsedAnswer } from './call.js';
import { MalformedResponseError } from './errors.js';
import type { CompletionRequest, LlmProvider, ProviderConfig, StopReason } from './types.js';
import { count, isRecord, list, optionalCount, record, text } from './wire.js';

const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

const FINISH_REASONS: Record<string, StopReason> = {
  STOP: 'end',
  OTHER: 'end',
  MAX_TOKENS: 'max_tokens',
  SAFETY: 'refusal',
  RECITATION: 'refusal',
  BLOCKLIST: 'refusal',
  PROHIBITED_CONTENT: 'refusal',
  SPII: 'refusal',
  IMAGE_SAFETY: 'refusal',
};

export function createGeminiProvider(config: ProviderConfig): LlmProvider {
  if (!config.apiKey) throw new Error('gemini: no API key configured (GEMINI_API_KEY)');
  const maxRetries = config.maxRetries ?? 0;
  const ai = new GoogleGenAI({
    apiKey: config.apiKey,
    vertexai: false,
    httpOptions: {
      baseUrl: config.baseUrl ?? DEFAULT_BASE_URL,
      ...(maxRetries > 0 ? { retryOptions: { attempts: maxRetries + 1 } } : {}),
    },
  });
  const secrets = [config.apiKey];
  return {
    provider: 'gemini',
    complete: (request) =>
      guardCall(request, secrets, async (signal) =>
        readResponse(await ai.models.generateContent(toParams(request, signal))),
      ),
  };
}

function toParams(request: CompletionRequest, signal: AbortSignal): GenerateContentParameters {
  return {
    model: request.model.id,
    contents: request.messages.map((turn) => ({
      role: turn.role === 'assistant' ? 'model' : 'user',
      parts: [{ text: turn.content }],
    })),
    config: {
      systemInstruction: request.system,
      maxOutputTokens: request.maxOutputTokens,
      abortSignal: signal,
      httpOptions: { timeout: request.timeoutMs },
      ...(request.json
        ? { responseMimeType: 'application/json', responseJsonSchema: request.json.schema }
        : {}),
    },
  };
}

function readResponse(response: unknown): ParsedAnswer {
  const body = record(response, 'response');
  const usage = readUsage(body.usageMetadata);
  const blocked = isRecord(body.promptFeedback) ? text(body.promptFeedback.blockReason) : undefined;
  if (blocked) return { text: '', usage, stopReason: 'refusal' };
  const candidate = record(list(body.candidates, 'candidates')[0], 'candidates[0]');
  const finish = text(candidate.finishReason);
  if (finish === undefined) throw new MalformedResponseError('candidate has no finishReason');
  const parts =
    isRecord(candidate.content) && Array.isArray(candidate.content.parts) ? candidate.content.parts : [];
  const answer = parts
    .filter(isRecord)
    .filter((part) => part.thought !== true)
    .map((part) => text(part.text) ?? '')
    .join('');
  return { text: answer, usage, stopReason: FINISH_REASONS[finish] ?? 'end' };
}

/** promptTokenCount includes cached tokens; zero counts are omitted on the wire. */
function readUsage(value: unknown): Usage {
  const usage = record(value, 'usageMetadata');
  const candidates = optionalCount(usage.candidatesTokenCount, 'usageMetadata.candidatesTokenCount');
  const thoughts = optionalCount(usage.thoughtsTokenCount, 'usageMetadata.thoughtsTokenCount');
  return {
    inputTokens: count(usage.promptTokenCount, 'usageMetadata.promptTokenCount'),
    outputTokens: candidates + thoughts,
    cachedTokens: optionalCount(usage.cachedContentTokenCount, 'usageMetadata.cachedContentTokenCount'),
  };
}
