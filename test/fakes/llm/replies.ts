// The script vocabulary shared by the LLM fakes: one neutral reply shape that each fake renders in its
// vendor's wire format, so one test script runs against every provider.

export interface FakeUsage {
  /** The whole prompt, cached tokens included (Kev's normalized meaning). */
  inputTokens: number;
  /** The whole output, reasoning tokens included. */
  outputTokens: number;
  cachedTokens?: number;
  /** Part of outputTokens spent thinking (Gemini reports it apart, OpenAI as a detail). */
  reasoningTokens?: number;
  /** Part of inputTokens written to the prompt cache (only Anthropic reports it apart). */
  cacheWriteTokens?: number;
}

export type FakeStop = 'end' | 'max_tokens' | 'refusal';

export interface Timing {
  /** Wait this long before answering (to exercise timeouts and cancellation). */
  delayMs?: number;
  /** Send the headers and the first part of the body at once, the rest after this long. */
  stallMs?: number;
}

export type FakeReply =
  | ({ kind: 'text'; text: string; usage?: FakeUsage; stop?: FakeStop } & Timing)
  | ({ kind: 'json'; value: unknown; usage?: FakeUsage } & Timing)
  | ({
      kind: 'error';
      status: number;
      message?: string;
      retryAfterSeconds?: number;
      retryAfterMs?: number;
    } & Timing)
  /** The vendor's own 400 for a prompt longer than the model's context. */
  | ({ kind: 'context_too_long' } & Timing)
  /** 200 with a JSON content type and a body that does not parse. */
  | ({ kind: 'malformed'; body?: string } & Timing)
  /** 200 with well-formed JSON that lacks the content, usage and stop fields. */
  | ({ kind: 'missing_fields' } & Timing)
  /** Destroy the socket before any byte of the response. */
  | { kind: 'destroy' }
  /** Anything else, byte for byte. */
  | ({ kind: 'raw'; status: number; headers?: Record<string, string>; body: string } & Timing);

export const DEFAULT_USAGE: FakeUsage = { inputTokens: 12, outputTokens: 3 };

type Timed = Exclude<FakeReply, { kind: 'destroy' }>;
export type TextReply = Extract<FakeReply, { kind: 'text' }>;
export type JsonReply = Extract<FakeReply, { kind: 'json' }>;

export function textReply(text: string, usage: FakeUsage = DEFAULT_USAGE): TextReply {
  return { kind: 'text', text, usage };
}

export function jsonReply(value: unknown, usage: FakeUsage = DEFAULT_USAGE): JsonReply {
  return { kind: 'json', value, usage };
}

export function errorReply(status: number, message?: string): FakeReply {
  return message === undefined ? { kind: 'error', status } : { kind: 'error', status, message };
}

/** Answer only after `delayMs` (nothing is sent before). */
export function slow<T extends Timed>(delayMs: number, reply: T): T {
  return { ...reply, delayMs };
}

/** Send the headers and half the body at once, the rest after `stallMs`. */
export function stalled<T extends Timed>(stallMs: number, reply: T): T {
  return { ...reply, stallMs };
}

/** The answer text a text or JSON reply carries. */
export function replyText(reply: TextReply | JsonReply): string {
  return reply.kind === 'json' ? JSON.stringify(reply.value) : reply.text;
}

export function errorMessage(reply: Extract<FakeReply, { kind: 'error' }>): string {
  return reply.message ?? `fake error ${reply.status}`;
}

/** Headers the vendors send with a 429 or 529/503 that asks the client to wait. */
export function retryHeaders(reply: Extract<FakeReply, { kind: 'error' }>): Record<string, string> {
  const headers: Record<string, string> = {};
  if (reply.retryAfterSeconds !== undefined) headers['retry-after'] = String(reply.retryAfterSeconds);
  if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
  return headers;
}
