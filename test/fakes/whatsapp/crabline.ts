// WhatsApp at the protocol for tests: @openclaw/crabline's mock WhatsApp Web server (the real Noise
// handshake, prekey and usync queries, decryption of what Baileys sends). Baileys reaches it
// through waWebSocketUrl. The owner's messages are injected through crabline's admin ingress;
// what Kev sends is read from crabline's accepted-send events.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWhatsAppServer, type WhatsAppServerManifest } from '@openclaw/crabline';
import { initAuthCreds } from '@whiskeysockets/baileys';
import { type SessionRowsPort, writeCreds } from '../../../src/bot/whatsapp-auth.js';

export const OWNER_NUMBER = '15551234567';
export const OWNER_JID = `${OWNER_NUMBER}@s.whatsapp.net`;
export const STRANGER_JID = '15559876543@s.whatsapp.net';
export const GROUP_JID = '120363001234567890@g.us';

export interface SentMessage {
  to: string;
  id: string;
  text: string;
}

export interface CrablineFake {
  manifest: WhatsAppServerManifest;
  url: string;
  /** Texts Kev's socket delivered (crabline decrypted them), oldest first. */
  sent: SentMessage[];
  /** Every raw recorder event, for the odd assertion. */
  events: unknown[];
  say(text: string, options?: { from?: string; chat?: string; messageId?: string }): Promise<string>;
  voice(audio: Buffer, options?: { from?: string; messageId?: string }): Promise<string>;
  waitFor<T>(find: () => T | undefined, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

let counter = 0;

export async function startCrabline(
  options: { port?: number; accessToken?: string; recorderPath?: string } = {},
): Promise<CrablineFake> {
  const sent: SentMessage[] = [];
  const events: unknown[] = [];
  const server = await startWhatsAppServer({
    host: '127.0.0.1',
    ...(options.port ? { port: options.port } : {}),
    ...(options.accessToken ? { accessToken: options.accessToken } : {}),
    // Crabline records to ./.crabline by default; tests keep the working tree clean.
    recorderPath:
      options.recorderPath ?? join(mkdtempSync(join(tmpdir(), 'kev-crabline-')), 'whatsapp.jsonl'),
    onEvent: (event) => {
      events.push(event);
      const e = event as {
        accepted?: boolean;
        body?: { key?: { id?: string; remoteJid?: string }; message?: { conversation?: string } };
      };
      if (e.accepted && e.body?.key?.id && typeof e.body.message?.conversation === 'string') {
        sent.push({ to: e.body.key.remoteJid ?? '', id: e.body.key.id, text: e.body.message.conversation });
      }
    },
  });
  const { manifest } = server;
  const post = () => (body: Record<string, unknown>) =>
    fetch(manifest.endpoints.adminInboundUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-crabline-admin-token': manifest.adminToken },
      body: JSON.stringify(body),
    });
  const inject = async (body: Record<string, unknown>) => {
    // A kept-alive connection to an earlier server on the same port fails once: try again.
    const response = await post()(body).catch(() => post()(body));
    if (!response.ok) throw new Error(`crabline refused the message: ${await response.text()}`);
  };
  const fake: CrablineFake = {
    manifest,
    url: manifest.endpoints.baileysWebSocketUrl,
    sent,
    events,
    async say(text, o = {}) {
      const messageId = o.messageId ?? `OWNER${Date.now().toString(36)}${++counter}`.toUpperCase();
      const from = o.from ?? OWNER_JID;
      await inject({ chatJid: o.chat ?? from, senderJid: from, text, messageId });
      return messageId;
    },
    async voice(audio, o = {}) {
      const messageId = o.messageId ?? `VOICE${Date.now().toString(36)}${++counter}`.toUpperCase();
      const from = o.from ?? OWNER_JID;
      await inject({
        chatJid: from,
        senderJid: from,
        messageId,
        audio: { contentBase64: audio.toString('base64'), mimeType: 'audio/ogg; codecs=opus', ptt: true },
      });
      return messageId;
    },
    async waitFor(find, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find();
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => server.close(),
  };
  return fake;
}

/** A session as if `kev whatsapp login` had linked Kev to crabline's account. */
export function seedSession(rows: SessionRowsPort, selfJid: string): void {
  const creds = initAuthCreds();
  creds.me = { id: selfJid, name: 'Kev' };
  creds.registered = true;
  writeCreds(rows, creds);
}
