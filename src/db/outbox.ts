// The durable outbox: everything Kev says is written here first; the delivery loop takes it from here.
// Contract: an item is written once and delivered at least once. It is retried with backoff while
// the transport fails, and parked (never retried) when the platform refuses it for good. It is sent
// twice only when the process dies between the platform's acceptance and markDelivered(), or the
// platform's answer is lost: platforms offer no idempotency key, so that window is made small
// (the delivery loop marks in the statement right after the send resolves), not closed.

import { and, asc, desc, eq, gt, isNotNull, isNull, lte, min, sql } from 'drizzle-orm';
import type { OutboxPayload } from '../ports/outbox.js';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { type OutboxRow, outbox } from './schema.js';

export interface EnqueueInput {
  platform: string;
  chatId: string;
  payload: OutboxPayload;
  kind?: 'send' | 'edit';
  refId?: number;
}

const p = sql.placeholder;

/** Items of one platform (the `platform` placeholder) neither delivered nor parked. */
const unsentOn = () =>
  and(eq(outbox.platform, p('platform')), isNull(outbox.deliveredAt), isNull(outbox.parkedAt));

/** The delivery loop's statements, built and prepared once (Drizzle re-prepares a query built per call). */
function prepared(db: Db) {
  return {
    pending: db
      .select()
      .from(outbox)
      .where(and(unsentOn(), gt(outbox.id, p('afterId'))))
      .orderBy(asc(outbox.id))
      .limit(p('limit'))
      .prepare(),
    due: db
      .select()
      .from(outbox)
      .where(and(unsentOn(), lte(outbox.nextAttemptAt, p('now'))))
      .orderBy(asc(outbox.id))
      .prepare(),
    markDelivered: db
      .update(outbox)
      .set({ deliveredAt: sql`${p('at')}`, externalId: sql`${p('externalId')}`, lastError: null })
      .where(eq(outbox.id, p('id')))
      .prepare(),
    enqueue: db
      .insert(outbox)
      .values({
        platform: p('platform'),
        chatId: p('chatId'),
        kind: p('kind'),
        payload: p('payload'),
        refId: p('refId'),
        nextAttemptAt: p('at'),
        createdAt: p('at'),
      })
      .returning()
      .prepare(),
  };
}

function pendingCountStatement(db: Db) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(outbox)
    .where(and(isNull(outbox.deliveredAt), isNull(outbox.parkedAt)))
    .prepare();
}

export class Outbox {
  private readonly statements: ReturnType<typeof prepared>;
  private pendingCount: ReturnType<typeof pendingCountStatement> | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {
    this.statements = prepared(db);
  }

  enqueue(input: EnqueueInput): OutboxRow {
    const row = this.statements.enqueue.get({
      platform: input.platform,
      chatId: input.chatId,
      kind: input.kind ?? 'send',
      payload: JSON.stringify(input.payload),
      refId: input.refId ?? null,
      at: this.clock(),
    });
    if (!row) throw new Error('the outbox insert returned no row');
    return row;
  }

  get(id: number): OutboxRow | undefined {
    return this.db.select().from(outbox).where(eq(outbox.id, id)).get();
  }

  /** Pending items of one platform, oldest first; due or not (the caller keeps per-chat order). */
  pending(platform: string, limit = 100, afterId = 0): OutboxRow[] {
    return this.statements.pending.all({ platform, limit, afterId });
  }

  /** When the next pending item of the platform falls due, or undefined when nothing is pending. */
  nextDue(platform: string): number | undefined {
    const row = this.db
      .select({ at: min(outbox.nextAttemptAt) })
      .from(outbox)
      .where(and(eq(outbox.platform, platform), isNull(outbox.deliveredAt), isNull(outbox.parkedAt)))
      .get();
    return row?.at ?? undefined;
  }

  countPending(platform?: string): number {
    if (platform === undefined) {
      // Read on every /status: built and prepared once.
      this.pendingCount ??= pendingCountStatement(this.db);
      return this.pendingCount.get()?.n ?? 0;
    }
    const where = and(isNull(outbox.deliveredAt), isNull(outbox.parkedAt), eq(outbox.platform, platform));
    return this.db.select({ n: sql<number>`count(*)` }).from(outbox).where(where).get()?.n ?? 0;
  }

  /** Messages the platform refused for good, newest first (kev doctor lists them). */
  parked(limit = 20): OutboxRow[] {
    return this.db
      .select()
      .from(outbox)
      .where(and(isNull(outbox.deliveredAt), isNotNull(outbox.parkedAt)))
      .orderBy(desc(outbox.id))
      .limit(limit)
      .all();
  }

  markDelivered(id: number, externalId: string | undefined): void {
    this.statements.markDelivered.run({ at: this.clock(), externalId: externalId ?? null, id });
  }

  markFailed(id: number, error: string, retryAt: number): void {
    this.db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error, nextAttemptAt: retryAt })
      .where(eq(outbox.id, id))
      .run();
  }

  park(id: number, reason: string): void {
    this.db
      .update(outbox)
      .set({ parkedAt: this.clock(), lastError: reason, attempts: sql`${outbox.attempts} + 1` })
      .where(eq(outbox.id, id))
      .run();
  }

  /**
   * Deletes items delivered before `before`, except those a later edit still needs: the message of
   * a question not yet answered, and the target of an edit not yet delivered. Returns the count.
   */
  prune(before: number): number {
    return this.db.$client
      .prepare(
        `delete from outbox where delivered_at is not null and delivered_at < ?
           and id not in (select outbox_id from prompts where outbox_id is not null and answered_at is null)
           and id not in (select ref_id from outbox where ref_id is not null and delivered_at is null and parked_at is null)`,
      )
      .run(before).changes;
  }

  /** Items whose retry time has come, for tests and the status line. */
  due(platform: string): OutboxRow[] {
    return this.statements.due.all({ platform, now: this.clock() });
  }
}
