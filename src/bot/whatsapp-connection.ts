// The WhatsApp socket's lifecycle: one socket at a time, the old one ended before a new one is
// made, one reconnect scheduled at a time, and each close handled by its row of the disconnect
// policy table. Events of an ended socket are ignored (its generation is stale).

import type { ConnectionState } from '@whiskeysockets/baileys';
import type { Logger } from '../shared/log.js';
import { clearSession, type LoadedAuth, loadAuth, type SessionRowsPort } from './whatsapp-auth.js';
import { isIgnoredJid, userOf } from './whatsapp-inbound.js';
import {
  type BackoffSettings,
  backoffDelay,
  type DisconnectAction,
  disconnectCode,
  policyFor,
} from './whatsapp-policy.js';
import type { SocketFactory, WaSocket } from './whatsapp-socket.js';
import { type StateRecord, writeState } from './whatsapp-state.js';

export type Schedule = (run: () => void, ms: number) => { cancel(): void };

export const realSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

export interface ConnectionOptions {
  rows: SessionRowsPort;
  log: Logger;
  waWebSocketUrl?: string | undefined;
  createSocket: SocketFactory;
  /** Default 2 s doubling to 5 minutes, full jitter. */
  backoff?: BackoffSettings;
  random?: () => number;
  schedule?: Schedule;
  clock?: () => number;
  /** A new socket: subscribe to its message events. */
  onSocket(socket: WaSocket): void;
  /** The connection stopped for good (logged out, replaced, forbidden, damaged): tell the owner. */
  onStopped(record: StateRecord): void;
}

export class WhatsAppConnection {
  socket: WaSocket | undefined;
  open = false;
  private auth: LoadedAuth | undefined;
  private generation = 0;
  private attempts = 0;
  private badSessions = 0;
  private pending: { cancel(): void } | undefined;
  private stopped = false;
  private readonly opened = new Set<() => void>();

  constructor(private readonly options: ConnectionOptions) {}

  /** Loads the session and connects; throws when Kev was never paired (or was logged out). */
  start(): void {
    this.auth = loadAuth(this.options.rows, this.options.log);
    if (!this.auth.paired) {
      throw new Error(
        'WhatsApp is not paired yet: run `kev whatsapp login` (QR code) or `kev whatsapp login --pairing-code`, then start Kev again.',
      );
    }
    this.connect();
  }

  /** Resolves at the next open connection. */
  whenOpen(): Promise<void> {
    if (this.open) return Promise.resolve();
    return new Promise((resolve) => this.opened.add(resolve));
  }

  /** The owner-facing number of the linked account. */
  get number(): string | undefined {
    return userOf(this.socket?.user?.id ?? this.auth?.state.creds.me?.id);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pending?.cancel();
    this.pending = undefined;
    await this.endSocket();
  }

  private async endSocket(): Promise<void> {
    const old = this.socket;
    this.socket = undefined;
    this.open = false;
    this.generation += 1;
    if (old) await Promise.resolve(old.end(undefined)).catch(() => undefined);
  }

  private connect(): void {
    if (this.stopped || !this.auth) return;
    void this.endSocket().then(() => {
      if (this.stopped || !this.auth) return;
      const generation = this.generation;
      const auth = this.auth;
      const socket = this.options.createSocket({
        auth: auth.state,
        log: this.options.log.child({ module: 'baileys' }, { level: 'warn' }),
        waWebSocketUrl: this.options.waWebSocketUrl,
        shouldIgnoreJid: isIgnoredJid,
      });
      this.socket = socket;
      // An ended socket's late update must not bring back a session cleared after a logout.
      socket.ev.on('creds.update', () => {
        if (generation === this.generation && this.auth === auth) auth.saveCreds();
      });
      socket.ev.on('connection.update', (update) => {
        if (generation === this.generation) this.onUpdate(update);
      });
      this.options.onSocket(socket);
    });
  }

  private onUpdate(update: Partial<ConnectionState>): void {
    const { log } = this.options;
    if (update.connection === 'open') {
      this.open = true;
      this.attempts = 0;
      this.badSessions = 0;
      writeState(this.options.rows, { state: 'linked', ...this.numberField(), at: this.now() });
      log.info({ number: this.number }, 'WhatsApp connected');
      for (const resolve of this.opened) resolve();
      this.opened.clear();
      return;
    }
    if (update.connection !== 'close') return;
    this.open = false;
    const code = disconnectCode(update.lastDisconnect?.error);
    const { action, why } = policyFor(code);
    const carry = this.carryOut[action.kind] as (a: DisconnectAction, c?: number, w?: string) => void;
    carry(action, code, why);
  }

  /** How each kind of policy row is carried out. */
  private readonly carryOut: {
    [K in DisconnectAction['kind']]: (
      action: Extract<DisconnectAction, { kind: K }>,
      code: number | undefined,
      why: string,
    ) => void;
  } = {
    restart: (_action, code, why) => this.reconnect(0, code, why),
    backoff: (_action, code, why) => this.reconnect(this.nextDelay(), code, why),
    'retry-then-pair': (action, code, why) => {
      this.badSessions += 1;
      if (this.badSessions <= action.tries) this.reconnect(this.nextDelay(), code, why);
      else this.halt({ state: 'needs-pairing', why, at: this.now() }, code);
    },
    'logged-out': (_action, code, why) => {
      clearSession(this.options.rows);
      this.auth = undefined;
      this.halt({ state: 'logged-out', why, at: this.now() }, code);
    },
    stop: (action, code, why) =>
      this.halt({ state: action.state, why, ...this.numberField(), at: this.now() }, code),
  };

  private nextDelay(): number {
    const delay = backoffDelay(
      this.attempts,
      this.options.backoff ?? { baseMs: 2000, maxMs: 300_000 },
      this.options.random,
    );
    this.attempts += 1;
    return delay;
  }

  /** One reconnect at a time: a close while one is scheduled changes nothing. */
  private reconnect(ms: number, code: number | undefined, why: string): void {
    if (this.stopped || this.pending) return;
    this.options.log.warn({ code, why, retryInMs: ms }, 'WhatsApp disconnected; reconnecting');
    const schedule = this.options.schedule ?? realSchedule;
    this.pending = schedule(() => {
      this.pending = undefined;
      this.connect();
    }, ms);
  }

  private halt(record: StateRecord, code: number | undefined): void {
    this.options.log.error({ code, state: record.state, why: record.why }, 'WhatsApp stopped');
    writeState(this.options.rows, record);
    this.stopped = true;
    this.pending?.cancel();
    this.pending = undefined;
    void this.endSocket();
    this.options.onStopped(record);
  }

  private numberField(): { number?: string } {
    const number = this.number;
    return number ? { number } : {};
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }
}
