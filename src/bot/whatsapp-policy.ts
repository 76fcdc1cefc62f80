// What Kev does when the WhatsApp socket closes, per disconnect code, as a table. Pure: the
// transport looks up the row and carries it out; the backoff arithmetic is here too.

export type DisconnectAction =
  /** A new socket at once (515: WhatsApp asks for a restart, e.g. right after pairing). */
  | { kind: 'restart' }
  /** A new socket after a jittered exponential backoff (timeouts, closed connections, network). */
  | { kind: 'backoff' }
  /** Backoff for a few tries; after that the session is treated as bad and Kev asks to pair again. */
  | { kind: 'retry-then-pair'; tries: number }
  /** The phone unlinked Kev (or the session no longer matches): clear it, tell the owner. */
  | { kind: 'logged-out' }
  /** Stop for good and tell the owner why; never reconnect in a loop. */
  | { kind: 'stop'; state: 'replaced' | 'forbidden' };

export interface PolicyRow {
  action: DisconnectAction;
  /** What the log and the owner read. */
  why: string;
}

/** Baileys' DisconnectReason codes. A code missing here (a network error has none) backs off. */
export const DISCONNECT_POLICY: Readonly<Record<number, PolicyRow>> = {
  515: { action: { kind: 'restart' }, why: 'WhatsApp asked for a restart' },
  408: { action: { kind: 'backoff' }, why: 'the connection timed out or was lost' },
  428: { action: { kind: 'backoff' }, why: 'the connection was closed' },
  503: { action: { kind: 'backoff' }, why: 'WhatsApp is unavailable' },
  500: { action: { kind: 'retry-then-pair', tries: 3 }, why: 'the session looks damaged' },
  401: { action: { kind: 'logged-out' }, why: 'the phone logged Kev out' },
  411: { action: { kind: 'logged-out' }, why: 'the linked-device session no longer matches the phone' },
  440: {
    action: { kind: 'stop', state: 'replaced' },
    why: 'another session with the same credentials took over',
  },
  403: { action: { kind: 'stop', state: 'forbidden' }, why: 'WhatsApp refused this account (403)' },
};

export const NETWORK_ROW: PolicyRow = { action: { kind: 'backoff' }, why: 'a network error' };

export function policyFor(code: number | undefined): PolicyRow {
  return (code !== undefined ? DISCONNECT_POLICY[code] : undefined) ?? NETWORK_ROW;
}

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/** Full jitter: a random wait in [base·2^n / 2, base·2^n], capped at maxMs. */
export function backoffDelay(attempt: number, settings: BackoffSettings, random = Math.random): number {
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The disconnect code of a Baileys close (a Boom error's statusCode), undefined for a plain network error. */
export function disconnectCode(error: unknown): number | undefined {
  const output = (error as { output?: { statusCode?: unknown } } | undefined)?.output;
  return typeof output?.statusCode === 'number' ? output.statusCode : undefined;
}
