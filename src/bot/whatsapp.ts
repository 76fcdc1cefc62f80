// The WhatsApp transport (Baileys 7): Kev on a linked device of a WhatsApp account. Messages from
// the owner only (by phone number and by LID) are handed to Kev: text, voice notes (transcribed
// recorded by Kev first, then transcribed) and answers to questions (a number, a word as a reply, a 👍 / 👎 reaction). Replies go
// to the JID exactly as received, rendered for WhatsApp, split at its sizes, long results as a
// document. The socket's lifecycle and the disconnect policy live in whatsapp-connection.ts.

import { generateMessageIDV2, type proto, type WAMessage } from '@whiskeysockets/baileys';
import {
  type ChatTransport,
  DeliveryError,
  type DeliveryReceipt,
  type HandleResult,
  type InboundHandler,
  type Incoming,
  NotRecordedError,
  type OutgoingMessage,
  type Pacing,
  type PendingVoice,
  type Transcribe,
  type VoiceNote,
} from '../ports/chat.js';
import type { Logger } from '../shared/log.js';
import { WhatsAppPrompts } from './whatsapp-approvals.js';
import { decode, encode, type SessionRowsPort } from './whatsapp-auth.js';
import { realSchedule, type Schedule, WhatsAppConnection } from './whatsapp-connection.js';
import { messageParts, WA_CAPTION_LIMIT } from './whatsapp-format.js';
import { type InboundContext, type Normalised, normalise, userOf } from './whatsapp-inbound.js';
import type { BackoffSettings } from './whatsapp-policy.js';
import {
  createBaileysSocket,
  downloadWithBaileys,
  type MediaDownloader,
  type SocketFactory,
  type WaSocket,
} from './whatsapp-socket.js';
import { describeState, type StateRecord } from './whatsapp-state.js';
import { awaitPairing, isPaired, type PairingSettings } from './whatsapp-unpaired.js';

export interface WhatsAppOptions {
  /** The owner's number, international digits (KEV_OWNER_WHATSAPP). */
  ownerNumber: string;
  rows: SessionRowsPort;
  log: Logger;
  waWebSocketUrl?: string | undefined;
  createSocket?: SocketFactory;
  download?: MediaDownloader;
  /** Voice notes are transcribed with this; without it the owner is told how to switch it on. */
  transcribe?: Transcribe | undefined;
  /** Pause between two messages to one chat. Default 1500 ms (WhatsApp bans bursty senders). */
  minIntervalMs?: number;
  /** Messages older than this (history, a long outage) are not handled. Default 24 hours. */
  maxAgeMs?: number;
  backoff?: BackoffSettings;
  random?: () => number;
  schedule?: Schedule;
  clock?: () => number;
  /** The connection stopped for good: tell the owner on the other transports. */
  onAlert?: (text: string) => void;
  /** How long stop() lets handling under way finish. Default 10 s. */
  stopGraceMs?: number;
  /** A reply that takes longer than this shows "typing…". Default 250 ms. */
  typingDelayMs?: number;
  /** Without a session: pair at start (QR or pairing code); unset, Kev waits for `kev whatsapp login`. */
  pairing?: PairingSettings | undefined;
  /** How often a transport waiting for a session looks for one. Default 5 s. */
  sessionPollMs?: number;
}

const SENT = 'kev-sent';
const SENT_KEEP_MS = 7 * 24 * 3600_000;

export class WhatsAppTransport implements ChatTransport {
  readonly platform = 'whatsapp';
  // Edits exist but only for 15 minutes and not for every message kind: a decision is a new line.
  readonly capabilities = { edit: false, buttons: false };
  /** One message at a time per chat, `minIntervalMs` apart on average (no bursts: WhatsApp bans them). */
  readonly pacing: Pacing;
  private readonly connection: WhatsAppConnection;
  private readonly prompts: WhatsAppPrompts;
  private readonly sent = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private handler: InboundHandler | undefined;
  private unpaired: { stop(): void } | undefined;
  private stopped = false;
  /** Failed store attempts in a row: the wait before a message Kev could not keep is offered again. */
  private storeFailures = 0;

  constructor(private readonly options: WhatsAppOptions) {
    this.pacing = { perChat: { burst: 1, intervalMs: options.minIntervalMs ?? 1500 } };
    this.prompts = new WhatsAppPrompts(options.rows);
    this.connection = new WhatsAppConnection({
      rows: options.rows,
      log: options.log,
      waWebSocketUrl: options.waWebSocketUrl,
      createSocket: options.createSocket ?? createBaileysSocket,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.schedule ? { schedule: options.schedule } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      onSocket: (socket) => this.listen(socket),
      onStopped: (record) => this.alert(record),
    });
  }

  /** The owner's chat when Kev starts a conversation (a brief, a review of a task from elsewhere). */
  get ownerChat(): string {
    return `${this.options.ownerNumber}@s.whatsapp.net`;
  }

  /** Resolves once the socket is open (tests, and callers that want to wait). */
  whenOpen(): Promise<void> {
    return this.connection.whenOpen();
  }

  async start(handler: InboundHandler): Promise<void> {
    this.handler = handler;
    const prune = this.options.rows as Partial<{ prune(type: string, before: number): number }>;
    prune.prune?.(SENT, this.now() - SENT_KEEP_MS);
    if (isPaired(this.options.rows)) this.connection.start();
    else this.awaitPairing();
    this.options.log.info({ owner: `+${this.options.ownerNumber}` }, 'WhatsApp transport started');
  }

  async send(chatId: string, message: OutgoingMessage): Promise<DeliveryReceipt> {
    const socket = this.connection.socket;
    if (!socket || !this.connection.open) throw new DeliveryError('WhatsApp is not connected', 'retry');
    const choices = message.promptId !== undefined ? message.choices : undefined;
    const parts = messageParts(message.text, choices, true);
    let lastId: string | undefined;
    if (message.document) {
      const caption = parts.join('\n\n');
      const fits = caption.length <= WA_CAPTION_LIMIT;
      if (!fits) for (const part of parts) lastId = await this.sendOne(socket, chatId, { text: part });
      const documentId = await this.sendOne(socket, chatId, {
        document: Buffer.from(message.document.content, 'utf8'),
        mimetype: 'text/plain',
        fileName: message.document.filename,
        caption: fits ? caption : message.document.filename,
      });
      if (fits) lastId = documentId;
    } else {
      for (const part of parts) lastId = await this.sendOne(socket, chatId, { text: part });
    }
    if (choices && message.promptId !== undefined && lastId) {
      this.prompts.remember(chatId, lastId, { promptId: message.promptId, choices: [...choices] });
    }
    return lastId ? { externalId: lastId } : {};
  }

  /** "typing…" in the owner's chat; WhatsApp clears it when the reply arrives. Never throws. */
  async typing(chatId: string): Promise<void> {
    const socket = this.connection.socket;
    if (!socket || !this.connection.open) return;
    await socket.sendPresenceUpdate('composing', chatId).catch((error: unknown) => {
      this.options.log.debug({ err: error }, 'WhatsApp typing indicator failed');
    });
  }

  /** A voice note recorded before a restart, fetched and transcribed again from its ref. */
  voiceFromRef(ref: string): PendingVoice {
    const message = decode<WAMessage>(ref);
    const audio = message.message?.audioMessage;
    const item = {
      id: message.key.id ?? 'replayed',
      mimeType: audio?.mimetype ?? 'audio/ogg',
      ...(audio?.seconds ? { seconds: audio.seconds } : {}),
    };
    return { ref, transcribe: () => this.transcribe(this.connection.socket, message, item) };
  }

  async edit(): Promise<void> {
    throw new DeliveryError('WhatsApp messages are not edited by Kev', 'permanent');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unpaired?.stop();
    await this.connection.stop();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => {
      timer = setTimeout(resolve, this.options.stopGraceMs ?? 10_000);
    });
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    clearTimeout(timer);
  }

  /** Sends one message under an id chosen here, remembered first so its self-chat echo is known. */
  private async sendOne(
    socket: WaSocket,
    chatId: string,
    content: Parameters<WaSocket['sendMessage']>[1],
  ): Promise<string> {
    const messageId = generateMessageIDV2(socket.user?.id);
    this.rememberSent(messageId);
    try {
      const sent = await socket.sendMessage(chatId, content, { messageId });
      return sent?.key.id ?? messageId;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const code = (error as { output?: { statusCode?: number } }).output?.statusCode;
      throw new DeliveryError(`WhatsApp send failed: ${reason}`, code === 403 ? 'permanent' : 'retry');
    }
  }

  private rememberSent(id: string): void {
    this.sent.add(id);
    this.options.rows.write([{ type: SENT, id, value: '1' }]);
  }

  private sentByKev(id: string): boolean {
    return this.sent.has(id) || this.options.rows.readOne(SENT, id) !== undefined;
  }

  private listen(socket: WaSocket): void {
    socket.ev.on('messages.upsert', ({ messages }) => {
      for (const message of messages) {
        if (message.message?.reactionMessage) continue; // handled from messages.reaction
        this.track(this.receive(socket, message));
      }
    });
    socket.ev.on('messages.reaction', (reactions) => {
      for (const { key, reaction } of reactions)
        this.track(this.receive(socket, reactionAsMessage(key, reaction)));
    });
  }

  private context(socket: WaSocket): InboundContext {
    const self = socket.user;
    return {
      ownerDigits: this.options.ownerNumber,
      self: { digits: userOf(self?.id), lidUser: userOf(self?.lid) },
      sentByKev: (id) => this.sentByKev(id),
      pnForLid: async (lid) => (await socket.signalRepository?.lidMapping?.getPNForLID(lid)) ?? undefined,
      now: this.now(),
      maxAgeMs: this.options.maxAgeMs ?? 24 * 3600_000,
    };
  }

  private async receive(socket: WaSocket, message: WAMessage): Promise<void> {
    const handler = this.handler;
    if (!handler) return;
    const item = await normalise(message, this.context(socket));
    if (item.kind === 'ignore') {
      this.options.log.debug({ id: message.key.id, why: item.why }, 'WhatsApp message ignored');
      return;
    }
    // A message delivered twice (notify, then append after a reconnect) is handled once; the core
    // also drops a redelivery across restarts by its recorded id.
    if (this.seen.has(item.id)) return;
    this.seen.add(item.id);
    if (this.seen.size > 5000) this.seen.delete(this.seen.values().next().value as string);
    const incoming = await this.toIncoming(socket, message, item);
    if (!incoming) return;
    let result: HandleResult;
    try {
      result = await this.typingWhile(item.chatJid, incoming, handler(incoming));
      this.storeFailures = 0;
    } catch (error) {
      if (!(error instanceof NotRecordedError)) throw error;
      // WhatsApp has been told it arrived (Baileys acknowledges on receipt), so Kev keeps it in
      // memory and offers it again until the store takes it (disk full, db locked).
      this.seen.delete(item.id);
      this.storeFailures += 1;
      const wait = Math.min(500 * 2 ** (this.storeFailures - 1), 30_000);
      this.options.log.warn(
        { id: item.id, retryInMs: wait },
        'could not record a WhatsApp message; will offer it again',
      );
      const again = setTimeout(() => {
        if (!this.stopped) this.track(this.receive(socket, message));
      }, wait);
      again.unref();
      return;
    }
    // Nothing else was said (e.g. "Already decided"): the short line goes out as a message.
    if (result.handled === false || !result.toast || result.replies) return;
    const chat = item.chatJid;
    await this.send(chat, { text: result.toast }).catch(() => undefined);
  }

  private async toIncoming(
    socket: WaSocket,
    message: WAMessage,
    item: Exclude<Normalised, { kind: 'ignore' }>,
  ): Promise<Incoming | undefined> {
    const base = {
      platform: this.platform,
      chatId: item.chatJid,
      userId: this.options.ownerNumber,
      messageId: item.id,
      chatType: 'private' as const,
    };
    if (item.kind === 'reaction') {
      const choice = this.prompts.fromReaction(item.targetId, item.emoji);
      return choice ? { ...base, kind: 'choice', ...choice } : undefined;
    }
    if (item.kind === 'text') {
      const choice = this.prompts.fromText(item.chatJid, item.text, item.quotedId);
      return choice ? { ...base, kind: 'choice', ...choice } : { ...base, kind: 'text', text: item.text };
    }
    if (!this.options.transcribe) return { ...base, kind: 'text', text: '', voice: { unavailable: 'off' } };
    // Kev records the note (with what is needed to download it again) before it is transcribed.
    const ref = encode({ key: message.key, message: { audioMessage: message.message?.audioMessage } });
    return {
      ...base,
      kind: 'text',
      text: '',
      voice: { ref, transcribe: () => this.transcribe(socket, message, item) },
    };
  }

  /** Shows "typing…" while a text or voice note takes longer than typingDelayMs to answer. */
  private async typingWhile<T>(chatId: string, incoming: Incoming, pending: Promise<T>): Promise<T> {
    if (incoming.kind !== 'text') return pending;
    const timer = setTimeout(() => void this.typing(chatId), this.options.typingDelayMs ?? 250);
    try {
      return await pending;
    } finally {
      clearTimeout(timer);
    }
  }

  private async transcribe(
    socket: WaSocket | undefined,
    message: WAMessage,
    item: { mimeType: string; seconds?: number; id: string },
  ): Promise<VoiceNote> {
    const transcribe = this.options.transcribe;
    if (!transcribe) return { unavailable: 'off' };
    try {
      const data = await (this.options.download ?? downloadWithBaileys)(message, socket);
      const result = await transcribe({
        data,
        mimeType: item.mimeType,
        filename: `voice-${item.id}.ogg`,
        ...(item.seconds ? { seconds: item.seconds } : {}),
      });
      return result.ok ? { transcript: result.text } : { unavailable: 'failed', reason: result.reason };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.options.log.warn({ reason }, 'downloading a WhatsApp voice note failed');
      return { unavailable: 'failed', reason: 'the voice note could not be downloaded' };
    }
  }

  /** No session: Kev starts anyway, pairs here or waits for one, then connects (whatsapp-unpaired.ts). */
  private awaitPairing(): void {
    const { rows, log, waWebSocketUrl, createSocket, pairing } = this.options;
    this.unpaired = awaitPairing({
      rows,
      log,
      waWebSocketUrl,
      createSocket,
      pairing,
      pollMs: this.options.sessionPollMs ?? 5000,
      schedule: this.options.schedule ?? realSchedule,
      onWaiting: (text) => this.options.onAlert?.(text),
      onPaired: () => {
        this.unpaired = undefined;
        try {
          this.connection.start();
        } catch (error) {
          log.error({ err: error }, 'WhatsApp could not connect after pairing');
        }
      },
    });
  }

  private alert(record: StateRecord): void {
    const text = `WhatsApp: ${describeState(record).detail}.`;
    this.options.log.error(text);
    this.options.onAlert?.(text);
  }

  private track(promise: Promise<unknown>): void {
    const tracked = promise
      .catch((error: unknown) => {
        this.options.log.warn({ err: error }, 'handling a WhatsApp message failed');
      })
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }
}

/** A messages.reaction event as the message it came in, so it goes through the same owner check. */
function reactionAsMessage(target: proto.IMessageKey, reaction: proto.IReaction): WAMessage {
  const millis = Number(reaction.senderTimestampMs?.toString() ?? 0);
  return {
    key: reaction.key ?? target,
    message: { reactionMessage: { key: target, text: reaction.text ?? '' } },
    ...(millis ? { messageTimestamp: Math.floor(millis / 1000) } : {}),
  } as WAMessage;
}
