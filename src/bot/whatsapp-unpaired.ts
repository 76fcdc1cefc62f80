// WhatsApp when Kev starts without a session: Kev runs anyway. With a terminal (or a pairing code
// asked for) it pairs right here, showing the QR code or the code as `kev whatsapp login` does;
// otherwise, or when that fails, it says how to pair (log, and the owner on the other transports)
// and waits: no connection to WhatsApp, only a look at the database every few seconds for the
// session `kev whatsapp login` leaves. Either way, once paired the transport connects and serves.

import type { Logger } from '../shared/log.js';
import { readCreds, type SessionRowsPort } from './whatsapp-auth.js';
import type { Schedule } from './whatsapp-connection.js';
import { type LinkOptions, linkDevice } from './whatsapp-login.js';
import type { SocketFactory } from './whatsapp-socket.js';
import { describeState } from './whatsapp-state.js';

/** How the QR code or the pairing code reaches the person starting Kev. */
export type PairingSettings = Pick<LinkOptions, 'pairingNumber' | 'say' | 'renderQr' | 'timeoutMs'>;

export interface UnpairedOptions {
  rows: SessionRowsPort;
  log: Logger;
  waWebSocketUrl?: string | undefined;
  createSocket?: SocketFactory | undefined;
  /** Pair inline; without it Kev only waits for `kev whatsapp login`. */
  pairing?: PairingSettings | undefined;
  pollMs: number;
  schedule: Schedule;
  /** Paired (here, or by `kev whatsapp login` in another process): connect now. */
  onPaired(): void;
  /** How to pair, for the owner on the other transports. */
  onWaiting(text: string): void;
}

export function isPaired(rows: SessionRowsPort): boolean {
  return Boolean(readCreds(rows)?.me?.id);
}

/** Starts pairing or waiting; stop() ends either. */
export function awaitPairing(options: UnpairedOptions): { stop(): void } {
  let stopped = false;
  let pending: { cancel(): void } | undefined;
  const abort = new AbortController();
  const poll = () => {
    pending = undefined;
    if (stopped) return;
    if (isPaired(options.rows)) options.onPaired();
    else pending = options.schedule(poll, options.pollMs);
  };
  const wait = (why?: string) => {
    const how = describeState({ state: 'not-paired', at: 0 }).detail;
    const text = `WhatsApp: ${how}${why ? ` (${why})` : ''}. Kev runs without WhatsApp meanwhile and connects once it is paired.`;
    options.log.warn(text);
    options.onWaiting(text);
    poll();
  };
  if (options.pairing) {
    options.log.info('WhatsApp is not paired yet: pairing now');
    linkDevice({
      ...options.pairing,
      rows: options.rows,
      log: options.log,
      waWebSocketUrl: options.waWebSocketUrl,
      ...(options.createSocket ? { createSocket: options.createSocket } : {}),
      signal: abort.signal,
    }).then(
      ({ number }) => {
        if (stopped) return;
        options.log.info({ number }, 'WhatsApp paired');
        options.onPaired();
      },
      (error: unknown) => {
        if (!stopped) wait(error instanceof Error ? error.message : String(error));
      },
    );
  } else wait();
  return {
    stop: () => {
      stopped = true;
      pending?.cancel();
      abort.abort();
    },
  };
}

/**
 * Inline pairing for `kev start`: the QR code on a terminal someone watches, or the pairing code
 * (KEV_WHATSAPP_PAIRING_CODE) on the terminal, else in the log (a service). Undefined: Kev waits.
 */
export function terminalPairing(options: {
  pairingNumber: string | undefined;
  terminal: boolean;
  output: NodeJS.WritableStream;
  log: Logger;
}): PairingSettings | undefined {
  const { pairingNumber, terminal, output, log } = options;
  if (!terminal && !pairingNumber) return undefined;
  return {
    pairingNumber,
    say: (text) => (terminal ? output.write(`${text}\n`) : log.warn(text)),
    renderQr: async (data) => {
      const { default: QRCode } = await import('qrcode');
      return QRCode.toString(data, { type: 'terminal', small: true });
    },
  };
}
