// The delivery loop: takes due outbox items and hands them to their transport, in order per chat,
// paced per chat, retrying with backoff while the transport fails and parking what the platform
// refuses for good. Every reply, review request and brief leaves Kev this way.

import { reportHealth } from '../db/health.js';
import type { OutboxRow, Store } from '../db/index.js';
import { type ChatTransport, DeliveryError } from '../ports/chat.js';
import { OutboxPayloadSchema } from '../ports/outbox.js';
import type { Logger } from '../shared/log.js';
import { parseStored } from '../shared/parse-stored.js';
import { SerialPass } from '../shared/serial-pass.js';

export interface DeliveryOptions {
  store: Store;
  transports: ChatTransport[];
  log: Logger;
  clock?: () => number;
  /** First retry delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** How soon a pass that failed on the store is tried again. */
const STORE_RETRY_MS = 1000;

export class Delivery {
  private readonly transports = new Map<string, ChatTransport>();
  private readonly lastSent = new Map<string, number>();
  private readonly clock: () => number;
  private readonly passes = new SerialPass(() => this.loop());
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: DeliveryOptions) {
    for (const t of options.transports) this.transports.set(t.platform, t);
    this.clock = options.clock ?? Date.now;
  }

  /** Starts a delivery pass now (or right after the one under way). */
  kick(): void {
    if (!this.stopped) this.passes.kick();
  }

  /** Resolves once nothing due is left to deliver (items waiting for a retry later do not count). */
  async drain(): Promise<void> {
    for (;;) {
      this.kick();
      await this.passes.idle();
      const due = [...this.transports.keys()].some((p) => this.options.store.outbox.due(p).length > 0);
      if (!due || this.stopped) return;
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    return this.passes.idle();
  }

  private async loop(): Promise<void> {
    try {
      for (const transport of this.transports.values()) await this.pass(transport);
      this.schedule();
    } catch (error) {
      // The store itself failed (disk full, db locked past the busy timeout). The row is as it
      // was, so nothing is lost: the whole pass runs again a little later.
      this.options.log.error({ err: error }, 'delivery pass failed on the store; will retry');
      if (this.stopped) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.kick(), STORE_RETRY_MS);
      this.timer.unref();
    }
  }

  private async pass(transport: ChatTransport): Promise<void> {
    const { outbox } = this.options.store;
    const blocked = new Set<string>();
    for (const item of outbox.pending(transport.platform)) {
      if (this.stopped) return;
      if (blocked.has(item.chatId)) continue;
      if (item.nextAttemptAt > this.clock()) {
        blocked.add(item.chatId);
        continue;
      }
      const ok = await this.deliver(transport, item);
      if (!ok) blocked.add(item.chatId);
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
    await this.pace(transport, item.chatId);
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
      this.lastSent.set(`${transport.platform}:${item.chatId}`, this.clock());
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
    reportHealth(this.options.store, `delivery:${transport.platform}`, message, this.clock());
    return false;
  }

  private async pace(transport: ChatTransport, chatId: string): Promise<void> {
    const last = this.lastSent.get(`${transport.platform}:${chatId}`);
    if (last === undefined || transport.minIntervalMs <= 0) return;
    const wait = last + transport.minIntervalMs - this.clock();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  /** Wakes up when the earliest retry falls due. */
  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const dues = [...this.transports.keys()]
      .map((p) => this.options.store.outbox.nextDue(p))
      .filter((d): d is number => d !== undefined);
    if (dues.length === 0) return;
    const wait = Math.max(0, Math.min(...dues) - this.clock());
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }
}
