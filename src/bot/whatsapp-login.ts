// Linking Kev as a device of a WhatsApp account, and unlinking it. Login shows a QR code (or, with
// a number, asks WhatsApp for the 8-character pairing code), rides through the forced restart
// (515) that follows a successful pairing, and ends once the new session is open. Logout tells
// WhatsApp to drop the device and clears the session, even when WhatsApp cannot be reached.

import type { ConnectionState } from '@whiskeysockets/baileys';
import type { Logger } from '../shared/log.js';
import { clearSession, loadAuth, readCreds, type SessionRowsPort } from './whatsapp-auth.js';
import { isIgnoredJid, userOf } from './whatsapp-inbound.js';
import { disconnectCode, policyFor } from './whatsapp-policy.js';
import { createBaileysSocket, type SocketFactory, type WaSocket } from './whatsapp-socket.js';
import { writeState } from './whatsapp-state.js';

export interface LinkOptions {
  rows: SessionRowsPort;
  log: Logger;
  waWebSocketUrl?: string | undefined;
  createSocket?: SocketFactory;
  /** The number of the account Kev is linked to (digits): a pairing code instead of a QR code. */
  pairingNumber?: string | undefined;
  /** A line for the person at the terminal. */
  say(text: string): void;
  /** The QR code as terminal text. */
  renderQr(data: string): Promise<string>;
  /** Gives up after this long. Default 3 minutes. */
  timeoutMs?: number | undefined;
  /** Ends the attempt (Kev stopping while it waits for the phone). */
  signal?: AbortSignal;
}

/** Formats a pairing code as WhatsApp shows it: ABCD-EFGH. */
export function formatPairingCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

export async function linkDevice(options: LinkOptions): Promise<{ number: string }> {
  const linked = readCreds(options.rows)?.me?.id;
  if (linked) {
    throw new Error(
      `Kev is already linked to WhatsApp as +${userOf(linked)}. Run \`kev whatsapp logout\` first to link another account.`,
    );
  }
  const auth = loadAuth(options.rows, options.log);
  const factory = options.createSocket ?? createBaileysSocket;
  const log = options.log.child({ module: 'baileys' }, { level: 'warn' });
  let socket: WaSocket | undefined;
  let requested = false;
  let shown = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<{ number: string }>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error('No phone linked Kev in time. Run the command again when your phone is at hand.')),
        options.timeoutMs ?? 180_000,
      );
      options.signal?.addEventListener('abort', () => reject(new Error('pairing stopped')), { once: true });
      const connect = () => {
        const previous = socket;
        if (previous) void Promise.resolve(previous.end(undefined)).catch(() => undefined);
        const current = factory({
          auth: auth.state,
          log,
          waWebSocketUrl: options.waWebSocketUrl,
          shouldIgnoreJid: isIgnoredJid,
        });
        socket = current;
        current.ev.on('creds.update', () => auth.saveCreds());
        current.ev.on('connection.update', (update) => {
          if (socket === current) void onUpdate(current, update).catch(reject);
        });
      };
      const onUpdate = async (current: WaSocket, update: Partial<ConnectionState>) => {
        if (update.qr) await onQr(current, update.qr);
        if (update.connection === 'open') {
          const number = userOf(current.user?.id ?? auth.state.creds.me?.id);
          if (!number) return;
          writeState(options.rows, { state: 'linked', number, at: Date.now() });
          resolve({ number });
          return;
        }
        if (update.connection !== 'close') return;
        const code = disconnectCode(update.lastDisconnect?.error);
        if (code === 515) {
          options.say('Paired. WhatsApp asks for a restart; reconnecting…');
          connect();
          return;
        }
        const why = code === 408 && shown ? 'the code expired before it was used' : policyFor(code).why;
        reject(
          new Error(`WhatsApp closed the connection (${code ?? 'network'}: ${why}). Run the command again.`),
        );
      };
      const onQr = async (current: WaSocket, qr: string) => {
        if (options.pairingNumber) {
          if (requested) return;
          requested = true;
          const code = await current.requestPairingCode(options.pairingNumber);
          shown = true;
          options.say(
            `On the phone of +${options.pairingNumber}: WhatsApp → Settings → Linked devices → Link a device → "Link with phone number instead", and type:\n\n    ${formatPairingCode(code)}\n`,
          );
          return;
        }
        shown = true;
        options.say(
          `On your phone: WhatsApp → Settings → Linked devices → Link a device, and scan this code (it renews every 20 seconds or so):\n\n${await options.renderQr(qr)}`,
        );
      };
      connect();
    });
  } finally {
    clearTimeout(timer);
    if (socket) await Promise.resolve(socket.end(undefined)).catch(() => undefined);
  }
}

export interface UnlinkOptions {
  rows: SessionRowsPort;
  log: Logger;
  waWebSocketUrl?: string | undefined;
  createSocket?: SocketFactory;
  /** How long to wait for WhatsApp before clearing locally anyway. Default 20 s. */
  timeoutMs?: number;
}

/** 'unlinked': WhatsApp dropped the device; 'cleared': only the local session is gone; 'none': nothing was linked. */
export async function unlinkDevice(options: UnlinkOptions): Promise<'unlinked' | 'cleared' | 'none'> {
  const creds = readCreds(options.rows);
  const reset = () => {
    clearSession(options.rows);
    options.rows.write([{ type: 'kev-state', id: '', value: null }]);
  };
  if (!creds?.me?.id) {
    reset();
    return 'none';
  }
  const auth = loadAuth(options.rows, options.log);
  const socket = (options.createSocket ?? createBaileysSocket)({
    auth: auth.state,
    log: options.log.child({ module: 'baileys' }, { level: 'warn' }),
    waWebSocketUrl: options.waWebSocketUrl,
    shouldIgnoreJid: isIgnoredJid,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const opened = await new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), options.timeoutMs ?? 20_000);
      socket.ev.on('connection.update', (update) => {
        if (update.connection === 'open') resolve(true);
        if (update.connection === 'close') resolve(false);
      });
    });
    if (opened) await socket.logout('kev whatsapp logout');
    return opened ? 'unlinked' : 'cleared';
  } catch {
    return 'cleared';
  } finally {
    clearTimeout(timer);
    await Promise.resolve(socket.end(undefined)).catch(() => undefined);
    reset();
  }
}
