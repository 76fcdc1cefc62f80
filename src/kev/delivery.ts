// The delivery loop: takes due outbox items and hands them to their transport, in order per chat,
// paced per chat and per platform by token buckets (a burst goes out at once, and a chat waiting
// for its turn is skipped, never awaited, so it holds back no other chat), retrying with backoff while the transport fails and parking what the platform
// refuses for good. Every reply, review request and brief leaves Kev this way.

import { reportHealth } from '../db/health.js';
import type { OutboxRow, Store } from '../db/index.js';
import { type ChatTransport, DeliveryError } from '../ports/chat.js';
import { OutboxPayloadSchema } from '../ports/outbox.js';
import type { Logger } from '../shared/log.js';
import { parseStored } from '../shared/parse-stored.js';
import { SerialPass } from '../shared/serial-pass.js';
import { Pacer } from './pacing.js';

export interface DeliveryOptions {
  store: Store;
  transports: ChatTransport[];
  log: Logger;
  clock?: () => number;
  /** First retry delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Delivered items older than this are pruned, at most once an hour. Default 7 days. */
  retentionMs?: number;
  /** Arms the wake-up timer; tests pass one driven by their clock. Default setTimeout (unref'd). */
  setTimer?: (wake: () => void, ms: number) => () => void;
}

function realTimer(wake: () => void, ms: number): () => void {
  const timer = setTimeout(wake, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/** Outbox items read per platform and pass. */
const PAGE = 100;
const PRUNE_EVERY_MS = 3_600_000;
/** How soon a pass that failed on the store is tried again. */
const STORE_RETRY_MS = 1000;

export class Delivery {
  private readonly transports = new Map<string, ChatTransport>();
  private readonly pacer: Pacer;
  private readonly clock: () => number;
  /** The earliest moment something the last pass held back (a retry, a pace) may go; undefined: none. */
  private soonest: number | undefined;
  private readonly passes = new SerialPass(() => this.loop());
  private cancelTimer: (() => void) | undefined;
  private wakeAt: number | undefined;
  private stopped = false;
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: DeliveryOptions) {
    for (const t of options.transports) this.transports.set(t.platform, t);
    this.clock = options.clock ?? Date.now;
    this.pacer = new Pacer(this.clock);
  }

  /** Starts a delivery pass now (or right after the one under way). */
  kick(): void {
    if (!this.stopped) this.passes.kick();
  }

  /** Runs one pass (or waits for the one under way and the one asked after it). */
  async settle(): Promise<void> {
    this.kick();
    await this.passes.idle();
  }

  /** When the loop will wake by itself next (a retry or a paced chat), or undefined. */
  get nextWake(): number | undefined {
    return this.wakeAt;
  }

  /** Resolves once nothing due is left to deliver (items waiting for a retry later do not count). */
  async drain(): Promise<void> {
    for (;;) {
      this.kick();
      await this.passes.idle();
      const due = [...this.transports.keys()].some((p) => this.options.store.outbox.due(p).length > 0);
      if (!due || this.stopped) return;
      // What is left is waiting for its pace: wait for that, not for a busy loop.
      const wait = this.soonest === undefined ? 0 : this.soonest - this.clock();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    return this.passes.idle();
  }

  private async loop(): Promise<void> {
    this.soonest = undefined;
    try {
      this.prune();
      for (const transport of this.transports.values()) await this.pass(transport);
      this.schedule();
    } catch (error) {
      // The store itself failed (disk full, db locked past the busy timeout). The row is as it
      // was, so nothing is lost: the whole pass runs again a little later.
      this.options.log.error({ err: error }, 'delivery pass failed on the store; will retry');
      if (this.stopped) return;
      this.cancelTimer?.();
      this.cancelTimer = (this.options.setTimer ?? realTimer)(() => this.kick(), STORE_RETRY_MS);
    }
  }

  private async pass(transport: ChatTransport): Promise<void> {
    const { outbox } = this.options.store;
    const blocked = new Set<string>();
    // Page by id so that items behind a page of held-back chats are still reached in this pass.
    for (let afterId = 0; ; ) {
      const items = outbox.pending(transport.platform, PAGE, afterId);
      for (const item of items) {
        if (this.stopped) return;
        if (blocked.has(item.chatId)) continue;
        if (item.nextAttemptAt > this.clock()) {
          this.held(item.nextAttemptAt - this.clock());
          blocked.add(item.chatId);
          continue;
        }
        const wait = this.pacer.take(transport.platform, item.chatId, transport.pacing);
        if (wait > 0) {
          this.held(wait);
          if (this.pacer.globalWait(transport.platform, transport.pacing) > 0) return;
          blocked.add(item.chatId);
          continue;
        }
        const ok = await this.deliver(transport, item);
        if (!ok) blocked.add(item.chatId);
      }
      const last = items.at(-1);
      if (items.length < PAGE || !last) return;
      afterId = last.id;
    }
  }

  private async deliver(transport: ChatTransport, item: OutboxRow): Promise<boolean> {
    const { outbox } = this.options.store;
    const stored = parseStored(OutboxPayloadSchema, item.payload);
    if (!stored.ok) {
      // Written by an older or broken Kev: sending it could only fail or say nonsense, so it waits parked.
      this.options.log.error({ outboxId: item.id, why: stored.why }, 'outbox item no longer parses; parked');
      outbox.park(item.id, `payload no longer parses: ${stored.why}`);
      return true;
    }
    const payload = stored.value;
    try {
      let externalId: string | undefined;
      if (item.kind === 'edit') {
        const ref = item.refId ? outbox.get(item.refId) : undefined;
        if (ref?.externalId && transport.capabilities.edit)
          await transport.edit(item.chatId, ref.externalId, payload);
        else
          externalId = (await transport.send(item.chatId, { text: payload.note ?? payload.text })).externalId;
      } else {
        externalId = (await transport.send(item.chatId, payload)).externalId;
      }
      // First thing after the send resolves, nothing awaited before it: a death between the
      // platform's acceptance and this mark is the one way a reply goes out twice.
      outbox.markDelivered(item.id, externalId);
      reportHealth(this.options.store, `delivery:${transport.platform}`, undefined, this.clock());
      return true;
    } catch (error) {
      return this.failed(transport, item, error);
    }
  }

  private failed(transport: ChatTransport, item: OutboxRow, error: unknown): boolean {
    const { outbox } = this.options.store;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof DeliveryError && error.kind === 'permanent') {
      this.options.log.warn(
        { outboxId: item.id, platform: transport.platform, reason: message },
        'message parked',
      );
      outbox.park(item.id, message);
      return true;
    }
    const base = this.options.baseDelayMs ?? 1000;
    const backoff = Math.min(base * 2 ** item.attempts, this.options.maxDelayMs ?? 300_000);
    const wait =
      error instanceof DeliveryError && error.retryAfterMs !== undefined ? error.retryAfterMs : backoff;
    this.options.log.warn(
      {
        outboxId: item.id,
        platform: transport.platform,
        attempt: item.attempts + 1,
        retryInMs: wait,
        error: message,
      },
      'delivery failed; will retry',
    );
    outbox.markFailed(item.id, message, this.clock() + wait);
    this.held(wait);
    reportHealth(this.options.store, `delivery:${transport.platform}`, message, this.clock());
    return false;
  }

  /** Drops delivered items past the retention; the message log keeps the text of each reply. */
  private prune(): void {
    const now = this.clock();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    const removed = this.options.store.outbox.prune(now - (this.options.retentionMs ?? 7 * 86_400_000));
    if (removed > 0) this.options.log.debug({ removed }, 'delivered outbox items pruned');
  }

  private held(wait: number): void {
    const at = this.clock() + wait;
    if (this.soonest === undefined || at < this.soonest) this.soonest = at;
  }

  /**
   * Wakes up when the earliest item the pass held back may go (its retry time or its pace), and
   * not before: a chat whose later items sit behind a retry does not spin the loop.
   */
  private schedule(): void {
    if (this.stopped) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.wakeAt = this.soonest;
    if (this.wakeAt === undefined) return;
    const wait = Math.max(0, this.wakeAt - this.clock());
    this.cancelTimer = (this.options.setTimer ?? realTimer)(() => this.kick(), wait);
  }
}
