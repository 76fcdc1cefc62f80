// The conversation log: every message in and out, keyed by the platform's id so that a redelivered
// inbound message is recognised and not handled twice.

import { and, asc, desc, eq, isNull } from 'drizzle-orm';
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

export class Conversation {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {}

  /** Records an inbound message once; a second record of the same platform id reports a duplicate. */
  recordInbound(input: InboundRecord): RecordOutcome {
    const { choice, ...fields } = input;
    const tap = choice ? { choicePromptId: choice.promptId, choiceIndex: choice.index } : {};
    const inserted = this.db
      .insert(messages)
      .values({ ...fields, ...tap, direction: 'in', at: this.clock() })
      .onConflictDoNothing()
      .returning({ id: messages.id })
      .get();
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
    this.db.update(messages).set({ handledAt: this.clock() }).where(eq(messages.id, id)).run();
  }

  recordOutbound(platform: string, chatId: string, text: string): void {
    this.db.insert(messages).values({ platform, chatId, direction: 'out', text, at: this.clock() }).run();
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

  /** The last messages of a chat, oldest first, for context. */
  recent(platform: string, chatId: string, limit = 10): MessageRow[] {
    return this.db
      .select()
      .from(messages)
      .where(and(eq(messages.platform, platform), eq(messages.chatId, chatId)))
      .orderBy(desc(messages.id))
      .limit(limit)
      .all()
      .reverse();
  }
}
