// Maps grammY's errors to the port's DeliveryError. The outbox owns redelivery: 429 waits for
// Telegram's retry_after, 5xx and network failures retry with backoff, 403 (blocked, never started)
// and other 4xx refusals park the item. Messages never carry the bot token (grammY's HttpError
// wraps a fetch error whose message holds the request URL, token included).

import { GrammyError, HttpError } from 'grammy';
import { DeliveryError } from '../ports/chat.js';

interface Rule {
  when: (code: number) => boolean;
  kind: 'retry' | 'permanent';
}

/** First match wins; a code no rule names is retried. */
const RULES: Rule[] = [
  { when: (code) => code === 429, kind: 'retry' },
  { when: (code) => code >= 500, kind: 'retry' },
  // A wrong token or API root is fixed in the config; the messages wait for it rather than vanish.
  { when: (code) => code === 401 || code === 404, kind: 'retry' },
  { when: (code) => code === 403, kind: 'permanent' },
  { when: (code) => code === 400, kind: 'permanent' },
];

/** A one-line description with no secret in it, for logs and the outbox's last error. */
export function describeTelegramError(error: unknown, token: string): string {
  let text: string;
  if (error instanceof GrammyError)
    text = `Telegram ${error.method}: ${error.error_code} ${error.description}`;
  else if (error instanceof HttpError) {
    const cause = error.error as { code?: unknown; type?: unknown } | undefined;
    const code =
      typeof cause?.code === 'string' ? cause.code : typeof cause?.type === 'string' ? cause.type : undefined;
    text = `${error.message}${code ? ` (${code})` : ''}`;
  } else text = error instanceof Error ? error.message : String(error);
  return token ? text.split(token).join('[redacted]') : text;
}

export function toDeliveryError(error: unknown, token: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const message = describeTelegramError(error, token);
  if (error instanceof GrammyError) {
    const kind = RULES.find((rule) => rule.when(error.error_code))?.kind ?? 'retry';
    const after = error.parameters.retry_after;
    return new DeliveryError(message, kind, typeof after === 'number' ? after * 1000 : undefined);
  }
  return new DeliveryError(message, 'retry');
}

function badRequest(error: unknown, pattern: RegExp): boolean {
  return error instanceof GrammyError && error.error_code === 400 && pattern.test(error.description);
}

/** Telegram could not read the HTML: the part is sent again as plain text. */
export function isParseError(error: unknown): boolean {
  return badRequest(error, /can't parse entities/i);
}

/** An edit that would change nothing: the message already shows it, which is success. */
export function isNotModified(error: unknown): boolean {
  return badRequest(error, /message is not modified/i);
}

/** The message to edit is gone or too old to edit: say it in a new message instead. */
export function isEditTargetGone(error: unknown): boolean {
  return badRequest(error, /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i);
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 401;
}

/** Telegram's own wait, in ms, when it answered 429. */
export function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof GrammyError)) return undefined;
  const after = error.parameters.retry_after;
  return typeof after === 'number' ? after * 1000 : undefined;
}
