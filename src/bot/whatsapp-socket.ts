// The slice of a Baileys socket the transport uses, and the factory that makes a real one. Tests
// pass their own factory: a fake socket whose `ev` is Baileys' own makeEventBuffer.

import {
  type AnyMessageContent,
  type AuthenticationState,
  type BaileysEventEmitter,
  Browsers,
  downloadMediaMessage,
  type MiscMessageGenerationOptions,
  makeWASocket,
  type WAMessage,
  type WAPresence,
} from '@whiskeysockets/baileys';
import type { Logger } from '../shared/log.js';

export interface WaSocket {
  ev: BaileysEventEmitter;
  user?: { id: string; lid?: string | undefined } | undefined;
  sendMessage(
    jid: string,
    content: AnyMessageContent,
    options?: MiscMessageGenerationOptions,
  ): Promise<WAMessage | undefined>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void>;
  logout(msg?: string): Promise<void>;
  end(error: Error | undefined): void | Promise<void>;
  signalRepository?: { lidMapping?: { getPNForLID(lid: string): Promise<string | null> } };
}

export interface SocketSettings {
  auth: AuthenticationState;
  log: Logger;
  /** Another WhatsApp Web endpoint (a proxy, a mock such as crabline). */
  waWebSocketUrl?: string | undefined;
  shouldIgnoreJid(jid: string): boolean;
}

export type SocketFactory = (settings: SocketSettings) => WaSocket;

export const createBaileysSocket: SocketFactory = (settings) =>
  makeWASocket({
    auth: settings.auth,
    logger: settings.log,
    ...(settings.waWebSocketUrl ? { waWebSocketUrl: settings.waWebSocketUrl } : {}),
    browser: Browsers.macOS('Kev'),
    // The phone keeps its notifications: Kev never shows as "online".
    markOnlineOnConnect: false,
    // Full history stays off; the initial sync stays on, since it carries the LID mappings.
    syncFullHistory: false,
    shouldIgnoreJid: settings.shouldIgnoreJid,
    // Kev keeps no message store; a retry request for an old message gets nothing to resend.
    getMessage: async () => undefined,
  }) as unknown as WaSocket;

/** The socket is undefined when a voice note recorded before a restart is fetched again. */
export type MediaDownloader = (message: WAMessage, socket: WaSocket | undefined) => Promise<Buffer>;

/** Baileys' own download and decryption of a media message (its URL comes with the message). */
export const downloadWithBaileys: MediaDownloader = async (message) =>
  (await downloadMediaMessage(message, 'buffer', {})) as Buffer;
