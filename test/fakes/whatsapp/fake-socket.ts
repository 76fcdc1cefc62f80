// A fake Baileys socket for what crabline cannot reach (disconnect codes, LID mappings, self-chat,
// reactions): its `ev` is Baileys' own makeEventBuffer, so events flow exactly as from a real socket.

import { makeEventBuffer, type WAMessage } from '@whiskeysockets/baileys';
import pino from 'pino';
import type { SocketFactory, SocketSettings, WaSocket } from '../../../src/bot/whatsapp-socket.js';

export interface FakeSent {
  jid: string;
  content: Record<string, unknown>;
  id: string;
}

export class FakeSocket implements WaSocket {
  readonly ev = makeEventBuffer(pino({ level: 'silent' }));
  readonly sent: FakeSent[] = [];
  ended = false;
  loggedOut = false;
  readonly lids = new Map<string, string>();
  readonly signalRepository = {
    lidMapping: { getPNForLID: async (lid: string) => this.lids.get(lid) ?? null },
  };
  constructor(
    readonly settings: SocketSettings,
    public user: { id: string; lid?: string } | undefined,
  ) {}

  async sendMessage(jid: string, content: object, options?: { messageId?: string }) {
    const id = options?.messageId ?? `FAKE${this.sent.length}`;
    this.sent.push({ jid, content: content as Record<string, unknown>, id });
    return { key: { id, remoteJid: jid, fromMe: true } } as WAMessage;
  }

  async requestPairingCode(): Promise<string> {
    return 'ABCD1234';
  }

  readonly presences: Array<{ type: string; jid: string | undefined }> = [];
  async sendPresenceUpdate(type: string, jid?: string): Promise<void> {
    this.presences.push({ type, jid });
  }

  async logout(): Promise<void> {
    this.loggedOut = true;
  }

  end(): void {
    this.ended = true;
  }

  open(): void {
    this.ev.emit('connection.update', { connection: 'open' });
  }

  close(statusCode?: number): void {
    const error = statusCode
      ? Object.assign(new Error('closed'), { output: { statusCode } })
      : new Error('ECONNRESET');
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
  }

  /** A message arriving (type notify, or append for offline and history). */
  receive(message: Partial<WAMessage>, type: 'notify' | 'append' = 'notify'): void {
    this.ev.emit('messages.upsert', { messages: [message as WAMessage], type });
  }
}

export class FakeSockets {
  readonly made: FakeSocket[] = [];
  constructor(public user: { id: string; lid?: string } = { id: '15550000000:3@s.whatsapp.net' }) {}
  readonly factory: SocketFactory = (settings) => {
    const socket = new FakeSocket(settings, this.user);
    this.made.push(socket);
    return socket;
  };
  get last(): FakeSocket {
    const socket = this.made.at(-1);
    if (!socket) throw new Error('no socket made yet');
    return socket;
  }
}

/** Waits until `check` holds, polling the event loop (no wall-clock assertion). */
export async function until(check: () => boolean, what: string, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i += 1) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never happened: ${what}`);
}
