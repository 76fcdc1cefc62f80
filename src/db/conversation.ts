// The conversation log: every message in and out, keyed by the platform's id so that a redelivered
// inbound message is recognised and not handled twice.

import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { type MessageRow, messages } from './schema.js';

export interface InboundRecord {
  platform: string;
  chatId: string;
  userId: string;
  externalId: string;
  text: string;
  /** Set for a message refused as too large: `text` is then a stub, and a replay refuses it again. */
  refusedBytes?: number;
  /** Set for a tap on a choice: what a replay hands back (never parsed from `text`). */
  choice?: { promptId: number; index: number };
}

export type RecordOutcome =
  | { status: 'new'; id: number }
  | { status: 'duplicate'; handled: boolean; id: number; refusedBytes: number | null };

const p = sql.placeholder;

/** The statements of every message, built and prepared once. */
function prepared(db: Db) {
  return {
    recordInbound: db
      .insert(messages)
      .values({
        platform: p('platform'),
        chatId: p('chatId'),
        userId: p('userId'),
        externalId: p('externalId'),
        text: p('text'),
        refusedBytes: p('refusedBytes'),
        choicePromptId: p('choicePromptId'),
        choiceIndex: p('choiceIndex'),
        direction: 'in',
        at: p('at'),
      })
      .onConflictDoNothing()
      .returning({ id: messages.id })
      .prepare(),
    markHandled: db
      .update(messages)
      .set({ handledAt: sql`${p('at')}` })
      .where(eq(messages.id, p('id')))
      .prepare(),
    recordOutbound: db
      .insert(messages)
      .values({
        platform: p('platform'),
        chatId: p('chatId'),
        direction: 'out',
        text: p('text'),
        at: p('at'),
      })
      .prepare(),
    recent: db
      .select()
      .from(messages)
      .where(and(eq(messages.platform, p('platform')), eq(messages.chatId, p('chatId'))))
      .orderBy(desc(messages.at), desc(messages.id))
      .limit(p('limit'))
      .prepare(),
  };
}

export class Conversation {
  private readonly statements: ReturnType<typeof prepared>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {
    this.statements = prepared(db);
  }

  /** Records an inbound message once; a second record of the same platform id reports a duplicate. */
  recordInbound(input: InboundRecord): RecordOutcome {
    const [inserted] = this.statements.recordInbound.all({
      choicePromptId: input.choice?.promptId ?? null,
      choiceIndex: input.choice?.index ?? null,
      platform: input.platform,
      chatId: input.chatId,
      userId: input.userId,
      externalId: input.externalId,
      text: input.text,
      refusedBytes: input.refusedBytes ?? null,
      at: this.clock(),
    });
    if (inserted) return { status: 'new', id: inserted.id };
    const existing = this.db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.platform, input.platform),
          eq(messages.direction, 'in'),
          eq(messages.externalId, input.externalId),
        ),
      )
      .get();
    return {
      status: 'duplicate',
      handled: existing?.handledAt != null,
      id: existing?.id ?? 0,
      refusedBytes: existing?.refusedBytes ?? null,
    };
  }

  /** Replaces a recorded message's text (a voice note's marker by its transcript). */
  setText(id: number, text: string): void {
    this.db.update(messages).set({ text }).where(eq(messages.id, id)).run();
  }

  markHandled(id: number): void {
    this.statements.markHandled.run({ at: this.clock(), id });
  }

  recordOutbound(platform: string, chatId: string, text: string): void {
    this.statements.recordOutbound.run({ platform, chatId, text, at: this.clock() });
  }

  /**
   * Inbound messages recorded but never handled (a crash between record and reply), in the order
   * they were recorded: the chat's order, texts and taps interleaved as they came.
   */
  unhandled(platform: string): MessageRow[] {
    return this.db
      .select()
      .from(messages)
      .where(and(eq(messages.platform, platform), eq(messages.direction, 'in'), isNull(messages.handledAt)))
      .orderBy(asc(messages.id))
      .all();
  }

  /**
   * The last messages of a chat, oldest first, for context. Ordered along messages_chat_at
   * (platform, chat_id, at, then the rowid the index carries): SQLite walks the index backwards and
   * stops after `limit` rows, instead of sorting the chat's whole history on every message.
   */
  recent(platform: string, chatId: string, limit = 10): MessageRow[] {
    return this.statements.recent.all({ platform, chatId, limit }).reverse();
  }
}
