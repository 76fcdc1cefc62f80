// The Telegram transport (grammY): long polling by default, a webhook listener when configured,
// HTML-formatted replies with reply buttons, documents for long results, a typing indicator, and
// grammY errors mapped to DeliveryError so the outbox owns every redelivery.
//
// Updates never wait on Kev: each is dispatched (Kev records it before its first await) and the
// next is read at once, so a tap is answered while a slow parse is still under way. The price is
// that two texts of one chat are handled concurrently, not one after the other.

import { randomBytes } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import {
  type ChatTransport,
  type DeliveryReceipt,
  type HandleResult,
  handOver,
  type InboundHandler,
  type MakeDurable,
  NotRecordedError,
  type OutgoingMessage,
  type Pacing,
  type PendingVoice,
  type Transcribe,
} from '../ports/chat.js';
import type { Logger } from '../shared/log.js';
import { describeTelegramError, isUnauthorized } from './telegram-errors.js';
import { TelegramOutgoing } from './telegram-outgoing.js';
import { type Backoff, Poller, retryUntilDone } from './telegram-polling.js';
import { HANDLED_UPDATES, toIncoming } from './telegram-updates.js';
import { pendingVoice, voiceFromRef, voiceOf } from './telegram-voice.js';
import { listenForWebhook, type WebhookListener } from './telegram-webhook.js';

export interface TelegramOptions {
  token: string;
  /** Another Bot API server (self-hosted, or a test fake); Telegram's own by default. */
  apiRoot?: string | undefined;
  /** The owners' private chat ids (their user ids): the command menu is set for these chats. */
  ownerChats: string[];
  /** The command menu, from the same table as /help. */
  commands: Array<{ command: string; description: string }>;
  /** Webhook mode; long polling when absent. A secret is generated when none is given. */
  webhook?: { url: string; secret?: string | undefined; port: number; host?: string } | undefined;
  log: Logger;
  /** Flood limits the delivery loop keeps to. Default TELEGRAM_PACING. */
  pacing?: Pacing;
  /** Long-poll timeout in seconds. Default 30. */
  pollTimeoutSeconds?: number;
  /** Backoff of polling and set-up while Telegram does not answer. Default 1 s doubling to 60 s. */
  retry?: Backoff;
  /** grammY auto-retry for short flood waits only; longer ones go back to the outbox. Default 2 × ≤5 s. */
  autoRetry?: { maxRetryAttempts: number; maxDelaySeconds: number };
  /** A reply that takes longer than this shows "typing…". Default 250 ms. */
  typingDelayMs?: number;
  /** How often "typing…" is renewed while a reply is being worked out (Kev's own model calls). */
  typingRepeatMs?: number;
  /** How long stop() lets handling under way finish. Default 10 s. */
  stopGraceMs?: number;
  /** Voice notes are transcribed with this; without it the owner is told how to switch it on. */
  transcribe?: Transcribe | undefined;
  /** Makes what Kev recorded survive a power cut; called before Telegram is told of receipt. */
  durable?: MakeDurable;
}

/**
 * Telegram's documented limits: about one message a second per chat on average, short bursts
 * tolerated, and about 30 a second for the whole bot. A 429's retry_after still wins (the outbox).
 */
export const TELEGRAM_PACING: Pacing = {
  perChat: { burst: 3, intervalMs: 1000 },
  global: { burst: 30, intervalMs: 34 },
};

/** Telegram shows "typing…" for about 5 seconds; it is renewed a little before that. */
const TYPING_REPEAT_MS = 4500;

/** First wait before an update Kev recorded but could not finish is offered again; doubles up to the max. */
const RECORD_RETRY_MS = 500;
const RECORD_RETRY_MAX_MS = 30_000;

/** Thrown from the middleware so that a webhook answers 500 and the poller holds its offset. */
class UnrecordedUpdate extends Error {}

/**
 * Contract: the ChatTransport port for Telegram. start() fails only on a token Telegram refuses (an
 * unreachable server is retried in the background); every update is handed to the handler without
 * waiting for its reply; an update Kev could not record is never confirmed to Telegram (it comes
 * again); stop() confirms the polling offset and lets handling under way finish.
 */
export class TelegramTransport implements ChatTransport {
  readonly platform = 'telegram';
  readonly capabilities = { edit: true, buttons: true };
  readonly pacing: Pacing;
  private readonly bot: Bot;
  private readonly botId: string;
  private readonly secret: string;
  private readonly stopping = new AbortController();
  /** Updates Kev recorded but could not finish (the store failed), waiting to be offered again. */
  private readonly unrecorded: Update[] = [];
  private recordTimer: NodeJS.Timeout | undefined;
  private recordRetries = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly outgoing: TelegramOutgoing;
  private handler: InboundHandler | undefined;
  private poller: Poller | undefined;
  private listener: WebhookListener | undefined;

  constructor(private readonly options: TelegramOptions) {
    this.pacing = options.pacing ?? TELEGRAM_PACING;
    this.botId = options.token.split(':')[0] ?? '';
    this.secret = options.webhook?.secret ?? randomBytes(24).toString('base64url');
    const pollTimeout = options.pollTimeoutSeconds ?? 30;
    this.bot = new Bot(options.token, {
      client: {
        ...(options.apiRoot ? { apiRoot: options.apiRoot.replace(/\/+$/, '') } : {}),
        timeoutSeconds: pollTimeout + 30,
      },
    });
    this.bot.api.config.use(
      autoRetry({
        maxRetryAttempts: 2,
        maxDelaySeconds: 5,
        ...options.autoRetry,
        rethrowHttpErrors: true,
        rethrowInternalServerErrors: true,
      }),
    );
    this.bot.use(async (ctx) => {
      if (!this.dispatch(ctx.update)) throw new UnrecordedUpdate('Kev could not record the update');
      // A webhook's 200 is Telegram's last word on it: what was recorded must outlive a power cut.
      if (this.listener) await this.options.durable?.();
    });
    this.outgoing = new TelegramOutgoing(this.bot.api, options.token, this.pacing.perChat);
  }

  /** The webhook listener's port once started (handy when configured as 0). */
  get webhookPort(): number | undefined {
    return this.listener?.port;
  }

  async start(handler: InboundHandler): Promise<void> {
    const { log, webhook } = this.options;
    this.handler = handler;
    const backoff = this.options.retry ?? { baseMs: 1000, maxMs: 60_000 };
    const common = { backoff, log, token: this.options.token, signal: this.stopping.signal };
    if (webhook) {
      this.listener = await listenForWebhook({
        bot: this.bot,
        port: webhook.port,
        host: webhook.host,
        secret: this.secret,
        log,
      });
    }
    let ready: boolean;
    try {
      ready = await this.prepareOnce();
    } catch (error) {
      await this.listener?.close();
      throw error;
    }
    if (webhook) {
      if (!ready) void retryUntilDone(() => this.prepare(), { ...common, what: 'Telegram webhook set-up' });
    } else {
      this.poller = new Poller({
        api: this.bot.api,
        token: this.options.token,
        timeoutSeconds: this.options.pollTimeoutSeconds ?? 30,
        allowedUpdates: HANDLED_UPDATES,
        backoff,
        log,
        ...(ready ? {} : { prepare: () => this.prepare() }),
        onUpdate: (update) => this.onPolled(update),
        ...(this.options.durable ? { durable: this.options.durable } : {}),
      });
      this.poller.start();
    }
    this.track(this.setCommands());
    log.info(
      { mode: webhook ? 'webhook' : 'polling', webhookPort: this.listener?.port },
      'Telegram transport started',
    );
  }

  send(chatId: string, message: OutgoingMessage): Promise<DeliveryReceipt> {
    return this.outgoing.send(chatId, message);
  }

  edit(chatId: string, externalId: string, message: OutgoingMessage): Promise<void> {
    return this.outgoing.edit(chatId, externalId, message);
  }

  async typing(chatId: string): Promise<void> {
    await this.bot.api.sendChatAction(chatId, 'typing').catch((error: unknown) => {
      this.options.log.debug(
        { reason: describeTelegramError(error, this.options.token) },
        'typing indicator failed',
      );
    });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.poller?.stop();
    await this.listener?.close();
    // Handling under way writes to the store, which the caller closes next: let it finish.
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => {
      timer = setTimeout(resolve, this.options.stopGraceMs ?? 10_000);
    });
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    clearTimeout(timer);
  }

  /** getMe, and the webhook set (webhook mode) or removed (polling), in parallel. */
  private async prepare(): Promise<void> {
    const { webhook } = this.options;
    const [me] = await Promise.all([
      this.bot.api.getMe(),
      webhook
        ? this.bot.api.setWebhook(webhook.url, {
            secret_token: this.secret,
            allowed_updates: [...HANDLED_UPDATES],
          })
        : this.bot.api.deleteWebhook(),
    ]);
    this.bot.botInfo = me;
  }

  /** A wrong token stops start-up; an unreachable server does not (set-up is retried later). */
  private async prepareOnce(): Promise<boolean> {
    try {
      await this.prepare();
      return true;
    } catch (error) {
      if (isUnauthorized(error)) {
        throw new Error(
          'Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN with @BotFather, and TELEGRAM_API_ROOT if you run your own Bot API server.',
        );
      }
      const reason = describeTelegramError(error, this.options.token);
      this.options.log.warn({ reason }, 'Telegram does not answer yet; Kev starts and keeps trying');
      return false;
    }
  }

  private async setCommands(): Promise<void> {
    const { commands, ownerChats, log } = this.options;
    for (const chatId of commands.length ? ownerChats : []) {
      try {
        await this.bot.api.setMyCommands(commands, { scope: { type: 'chat', chat_id: chatId } });
      } catch (error) {
        const reason = describeTelegramError(error, this.options.token);
        log.warn({ reason }, 'could not set the command menu; typed commands still work');
        return;
      }
    }
  }

  /** Through grammY's middleware; false when Kev could not record the update (it is asked for again). */
  private async onPolled(update: Update): Promise<boolean> {
    try {
      await this.bot.handleUpdate(update);
      return true;
    } catch (error) {
      if (error instanceof BotError && error.error instanceof UnrecordedUpdate) return false;
      throw error;
    }
  }

  /**
   * Hands an update to Kev without waiting for the reply; answers a tap as soon as it is decided.
   * False when Kev could not record it: Telegram must not be told it arrived.
   */
  private dispatch(update: Update): boolean {
    const handler = this.handler;
    if (!handler) return true;
    const read = toIncoming(update, this.botId);
    const query = update.callback_query;
    if (read.kind !== 'incoming') {
      if (read.kind === 'malformed')
        this.options.log.warn(
          { updateId: update.update_id, problem: read.problem },
          'dropped a Telegram update Kev cannot read',
        );
      // The spinner on a tap stops either way.
      if (typeof query?.id === 'string') this.answer(query.id);
      return true;
    }
    const voice = voiceOf(update.message);
    // Kev records a voice note first, then transcribes it (a crash mid-way loses nothing).
    const incoming =
      read.incoming.kind === 'text' && voice
        ? { ...read.incoming, text: '', voice: pendingVoice(this.voiceOptions(), voice) }
        : read.incoming;
    const { pending, recorded } = handOver(handler, incoming);
    if (!recorded) {
      // Disk full, db locked: Telegram keeps the update and sends it again; the tap's spinner waits.
      pending.catch(() => undefined);
      return false;
    }
    // Recorded, but what Kev decided could not be saved: offer it again (a restart replays it too).
    pending.then(
      () => {
        this.recordRetries = 0;
      },
      (error: unknown) => {
        if (error instanceof NotRecordedError) this.offerAgain(update, error);
      },
    );
    this.track(pending, voice ? 'handling a Telegram voice note' : 'handling a Telegram update');
    if (query) {
      pending.then(
        (result: HandleResult) => this.answer(query.id, result.toast),
        () => this.answer(query.id),
      );
    } else this.typingWhile(incoming.chatId, pending);
    return true;
  }

  /** A voice note recorded before a restart, ready to be fetched and transcribed again. */
  voiceFromRef(ref: string): PendingVoice {
    return voiceFromRef(this.voiceOptions(), ref);
  }

  private voiceOptions() {
    return {
      api: this.bot.api,
      apiRoot: this.options.apiRoot?.replace(/\/+$/, '') ?? 'https://api.telegram.org',
      token: this.options.token,
      transcribe: this.options.transcribe,
    };
  }

  /** Queues an update Kev could not record; the queue is offered again in update order, with backoff. */
  private offerAgain(update: Update, error: NotRecordedError): void {
    if (this.stopping.signal.aborted) return;
    if (!this.unrecorded.some((u) => u.update_id === update.update_id)) this.unrecorded.push(update);
    if (this.recordTimer) return;
    const wait = Math.min(RECORD_RETRY_MS * 2 ** this.recordRetries, RECORD_RETRY_MAX_MS);
    this.recordRetries += 1;
    this.options.log.warn(
      { updates: this.unrecorded.length, retryInMs: wait, reason: error.message },
      'update not recorded; will offer it again',
    );
    this.recordTimer = setTimeout(() => {
      this.recordTimer = undefined;
      // In update order, in one go: Kev keeps one chat's texts in the order they are handed over.
      for (const again of this.unrecorded.splice(0).sort((a, b) => a.update_id - b.update_id))
        if (!this.dispatch(again)) this.offerAgain(again, new NotRecordedError('the store still fails'));
    }, wait);
    this.recordTimer.unref();
  }

  /** A stranger's tap, a stale button or a duplicate gets an empty answer: the spinner stops, nothing shows. */
  private answer(queryId: string, text?: string): void {
    const answered = this.bot.api.answerCallbackQuery(queryId, text ? { text: text.slice(0, 200) } : {});
    this.track(answered);
  }

  private typingWhile(chatId: string, pending: Promise<unknown>): void {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      if (done || this.stopping.signal.aborted) return;
      this.track(this.typing(chatId));
      timer = setTimeout(tick, this.options.typingRepeatMs ?? TYPING_REPEAT_MS);
    };
    timer = setTimeout(tick, this.options.typingDelayMs ?? 250);
    const end = () => {
      done = true;
      clearTimeout(timer);
    };
    pending.then(end, end);
  }

  /** Keeps work under way visible to stop(), and logs its failure instead of leaving it unhandled. */
  private track(promise: Promise<unknown>, what = 'a Telegram call'): void {
    const tracked = promise
      .catch((error: unknown) => {
        this.options.log.warn({ reason: describeTelegramError(error, this.options.token) }, `${what} failed`);
      })
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
