// The one classifier from what an SDK throws (status, headers, body, cause chain) to a FailureKind,
// shared by every provider so the router sees the same kinds whatever the vendor.

import type { FailureKind, ProviderFailure } from './types.js';

/** Thrown by the adapters' response readers when a 2xx answer lacks a field Kev relies on. */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}

export interface CallOutcome {
  /** The caller's signal fired. */
  aborted: boolean;
  /** Our own timeout fired. */
  timedOut: boolean;
  timeoutMs: number;
}

const CONTEXT_TOO_LONG = /context|too long|exceeds the maximum number of tokens|too many tokens/i;
/** Gemini answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID. */
const BAD_KEY = /API_KEY_INVALID|API key not valid/i;

const STATUS_KINDS: Record<number, FailureKind> = {
  401: 'auth',
  402: 'auth',
  403: 'auth',
  408: 'timeout',
  413: 'context_too_long',
  429: 'rate_limited',
  503: 'overloaded',
  529: 'overloaded',
};

/** Error `type`/`code`/`status` strings vendors put in bodies that arrive without an HTTP status (mid-stream). */
const BODY_TYPE_KINDS: Record<string, FailureKind> = {
  overloaded_error: 'overloaded',
  rate_limit_error: 'rate_limited',
  rate_limit_exceeded: 'rate_limited',
  RESOURCE_EXHAUSTED: 'rate_limited',
  UNAVAILABLE: 'overloaded',
  authentication_error: 'auth',
  permission_error: 'auth',
  UNAUTHENTICATED: 'auth',
  PERMISSION_DENIED: 'auth',
  context_length_exceeded: 'context_too_long',
  invalid_request_error: 'bad_request',
  INVALID_ARGUMENT: 'bad_request',
  api_error: 'server',
  server_error: 'server',
  INTERNAL: 'server',
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

export function classifyStatus(status: number, text: string): FailureKind {
  const known = STATUS_KINDS[status];
  if (known) return known;
  if (status >= 500) return 'server';
  if (status === 400 && BAD_KEY.test(text)) return 'auth';
  if (status >= 400) return CONTEXT_TOO_LONG.test(text) ? 'context_too_long' : 'bad_request';
  return 'malformed';
}

/** Reads retry-after-ms, then retry-after (seconds or HTTP date), then a Google RetryInfo retryDelay in the body. */
export function parseRetryAfterMs(headers: unknown, bodyText = '', now = Date.now()): number | undefined {
  const ms = Number.parseFloat(readHeader(headers, 'retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const after = readHeader(headers, 'retry-after')?.trim();
  if (after) {
    if (/^\d+(\.\d+)?$/.test(after)) return Math.round(Number.parseFloat(after) * 1000);
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const delay = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(bodyText)?.[1];
  return delay === undefined ? undefined : Math.round(Number.parseFloat(delay) * 1000);
}

export function classifyError(error: unknown, outcome: CallOutcome): ProviderFailure {
  if (outcome.aborted) return { kind: 'aborted', message: 'the request was cancelled by the caller' };
  if (outcome.timedOut)
    return { kind: 'timeout', message: `no complete answer within ${outcome.timeoutMs} ms` };
  const chain = causeChain(error);
  const status = readStatus(error);
  const body = describeBody(error);
  if (status !== undefined) {
    const kind = classifyStatus(status, body.text);
    const retryAfterMs = parseRetryAfterMs(readField(error, 'headers'), body.text);
    return {
      kind,
      message: `HTTP ${status}: ${body.message}`,
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  const names = chain.map((e) => readString(e, 'name') ?? '');
  if (names.some((n) => n === 'APIConnectionTimeoutError' || n === 'TimeoutError')) {
    return { kind: 'timeout', message: 'the SDK timed out waiting for an answer' };
  }
  if (names.some((n) => n === 'APIUserAbortError' || n === 'AbortError')) {
    return { kind: 'aborted', message: 'the request was aborted' };
  }
  if (chain.some((e) => e instanceof MalformedResponseError || e instanceof SyntaxError)) {
    return { kind: 'malformed', message: `unreadable answer: ${body.message}` };
  }
  const bodyKind = body.types.map((t) => BODY_TYPE_KINDS[t]).find((k) => k !== undefined);
  if (bodyKind) {
    const kind =
      bodyKind === 'bad_request' && CONTEXT_TOO_LONG.test(body.text) ? 'context_too_long' : bodyKind;
    return { kind, message: body.message };
  }
  if (isNetworkFailure(chain, names))
    return { kind: 'network', message: `connection failed: ${networkDetail(chain)}` };
  const shapeBug = chain.some((e) => e instanceof TypeError || e instanceof RangeError);
  return { kind: shapeBug ? 'malformed' : 'server', message: `unexpected error: ${body.message}` };
}

/** Replaces every known secret and anything shaped like an API key. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  out = out.replace(/\b(sk-[\w-]{6,}|AIza[\w-]{10,}|csk-[\w-]{6,})/g, '[redacted]');
  return out.length > 500 ? `${out.slice(0, 500)}…` : out;
}

function isNetworkFailure(chain: unknown[], names: string[]): boolean {
  if (names.includes('APIConnectionError')) return true;
  return chain.some((e) => {
    const code = readString(e, 'code');
    if (code && NETWORK_CODES.has(code)) return true;
    const message = readString(e, 'message') ?? '';
    return /fetch failed|terminated|socket hang up|other side closed/i.test(message);
  });
}

function networkDetail(chain: unknown[]): string {
  const codes = chain.map((e) => readString(e, 'code')).filter((c): c is string => c !== undefined);
  return codes[0] ?? readString(chain.at(-1), 'message') ?? 'unknown';
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = readField(current, 'cause');
  }
  return chain;
}

function readStatus(error: unknown): number | undefined {
  const status = readField(error, 'status');
  return typeof status === 'number' && status >= 100 && status <= 599 ? status : undefined;
}

interface BodyDescription {
  /** Everything searchable, for pattern checks. */
  text: string;
  /** The best single human sentence. */
  message: string;
  /** type / code / status strings found in the error body. */
  types: string[];
}

/** Digs the vendor's error body out of an SDK error: Anthropic/OpenAI keep it in `.error`, Gemini JSON-encodes it in `.message`. */
function describeBody(error: unknown): BodyDescription {
  const raw = readString(error, 'message') ?? String(error);
  const brace = raw.indexOf('{');
  const body = readField(error, 'error') ?? (brace >= 0 ? parseJson(raw.slice(brace)) : undefined);
  const inner = readField(body, 'error') ?? body;
  const types = [readField(inner, 'type'), readField(inner, 'code'), readField(inner, 'status')].filter(
    (t): t is string => typeof t === 'string',
  );
  const message = readString(inner, 'message') ?? raw;
  const text = `${raw} ${safeStringify(body)}`;
  return { text, message, types };
}

function readHeader(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = readField(headers, name);
  return typeof value === 'string' ? value : undefined;
}

function readField(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function readString(value: unknown, key: string): string | undefined {
  const field = readField(value, key);
  return typeof field === 'string' ? field : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
