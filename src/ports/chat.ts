// The ChatTransport port: the one small interface every chat platform implements.
// The core (src/kev) sees only these types; platform libraries stay behind the adapters.

/** A message Kev says. Plain text: each transport escapes and formats it for its platform. */
export interface OutgoingMessage {
  text: string;
  /** Choices shown as reply buttons (Telegram, WhatsApp) or numbered options (console). */
  choices?: string[];
  /** The prompt the choices answer; a tap comes back as { kind: 'choice', promptId, index }. */
  promptId?: number;
  /** A long result sent as a file, with `text` as its short summary and `caption` beside the file. */
  document?: { filename: string; content: string; caption?: string };
  /**
   * The text holds a model's Markdown (a result): a transport that formats renders it (Telegram:
   * HTML); one that does not shows it as written.
   */
  markdown?: boolean;
  /** For an edit: one line a transport that cannot edit shows instead (e.g. "→ Approved #3"). */
  note?: string;
}

interface IncomingBase {
  platform: string;
  chatId: string;
  userId: string;
  /** The platform's id for this update, unique per platform; used to drop redeliveries. */
  messageId: string;
  /** Private chat with the bot, or a group/channel (Kev answers only private chats). */
  chatType?: 'private' | 'group' | 'channel';
}

/** A voice note the transport turned into text, or could not (then `text` is empty). */
export type VoiceNote = { transcript: string } | { unavailable: 'off' | 'failed'; reason?: string };

/**
 * A voice note not transcribed yet. Contract: the core records the update (with `ref`) before it
 * calls transcribe(), so a crash mid-transcription loses nothing; a replay transcribes it again
 * from `ref` through the transport's `voiceFromRef`.
 */
export interface PendingVoice {
  /** What the transport needs to fetch the audio again (text, kept in Kev's own database). */
  ref: string;
  transcribe(): Promise<VoiceNote>;
}

export type Incoming =
  | (IncomingBase & { kind: 'text'; text: string; voice?: VoiceNote | PendingVoice })
  | (IncomingBase & { kind: 'choice'; promptId: number; index: number });

/** What the core tells a transport about a handled update. */
export interface HandleResult {
  /** A short line for the tap's acknowledgement (Telegram answerCallbackQuery). */
  toast?: string;
  /** How many messages the update produced; a transport without taps shows the toast when none. */
  replies?: number;
  /** False when the update was dropped (stranger, duplicate). */
  handled: boolean;
}

/**
 * Contract: the handler records the update before its first await, so once the call has returned
 * the update survives Kev being killed. When the store failed and it could not, it calls
 * `receipt.notRecorded()` before returning (and its promise rejects with NotRecordedError): the
 * platform must not be told the update was received, so that it sends it again. To survive a power
 * cut as well, a transport calls its MakeDurable hook before telling the platform.
 */
export type InboundHandler = (incoming: Incoming, receipt?: Receipt) => Promise<HandleResult>;

/** Told by the handler, before it returns, that the update is not on record. */
export interface Receipt {
  notRecorded(): void;
}

/** Makes everything recorded so far survive a power cut; throws (or rejects) when the store cannot. */
export type MakeDurable = () => void | Promise<void>;

/** Hands an update over and says, at once, whether it is on record (see InboundHandler). */
export function handOver(
  handler: InboundHandler,
  incoming: Incoming,
): { pending: Promise<HandleResult>; recorded: boolean } {
  let recorded = true;
  const pending = handler(incoming, {
    notRecorded: () => {
      recorded = false;
    },
  });
  return { pending, recorded };
}

/**
 * The handler could not record the update, or could not save what it decided (the store failed:
 * disk full, db locked too long), so the update is not handled. The transport offers the same update
 * again later instead of dropping it; the core handles it then as if for the first time.
 */
export class NotRecordedError extends Error {
  override readonly name = 'NotRecordedError';
  constructor(override readonly cause: unknown) {
    super(`the update could not be recorded: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export interface DeliveryReceipt {
  /** The platform's id of the delivered message, kept so the message can be edited later. */
  externalId?: string;
}

/**
 * A delivery failure. `retry`: try again later (after retryAfterMs when the platform said so).
 * `permanent`: the platform refused for good (blocked bot, chat gone); the item is parked.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly kind: 'retry' | 'permanent',
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * A token bucket: up to `burst` messages go at once, then one every `intervalMs` on average.
 * An intervalMs of 0 means no limit.
 */
export interface RateLimit {
  burst: number;
  intervalMs: number;
}

/** Per chat (Telegram: about one a second, short bursts tolerated) and for the whole bot (about 30 a second). */
export interface Pacing {
  perChat: RateLimit;
  global?: RateLimit;
}

/** No pacing at all (terminal, tests). */
export const UNPACED: Pacing = { perChat: { burst: 1, intervalMs: 0 } };

export interface TransportCapabilities {
  edit: boolean;
  buttons: boolean;
}

/**
 * Contract: start() begins receiving and resolves once the transport is listening; send() and
 * edit() either deliver or throw a DeliveryError; stop() ends receiving and releases resources.
 * `closed` resolves when the transport's input ends by itself (console end of input).
 */
export interface ChatTransport {
  readonly platform: string;
  readonly capabilities: TransportCapabilities;
  /** The platform's flood limits, as data: the delivery loop paces each chat and the whole bot by them. */
  readonly pacing: Pacing;
  start(handler: InboundHandler): Promise<void>;
  send(chatId: string, message: OutgoingMessage): Promise<DeliveryReceipt>;
  edit(chatId: string, externalId: string, message: OutgoingMessage): Promise<void>;
  /** Shows that Kev is working on a reply (typing indicator), where the platform has one. */
  typing?(chatId: string): Promise<void>;
  /** A voice note recorded before a crash, from its PendingVoice ref, ready to transcribe again. */
  voiceFromRef?(ref: string): PendingVoice;
  stop(): Promise<void>;
  readonly closed?: Promise<void>;
}

/** A voice note's audio, as the transport downloaded it. */
export interface AudioClip {
  data: Buffer;
  mimeType: string;
  /** Length as the platform reports it (what the cost is computed from). */
  seconds?: number;
  filename: string;
}

/**
 * Contract: never throws; a failure is a value. Implementations record their cost in the ledger.
 * Transports hand Kev a PendingVoice that calls it, so the note is recorded before it is transcribed.
 */
export type Transcribe = (
  clip: AudioClip,
) => Promise<{ ok: true; text: string } | { ok: false; reason: string }>;
