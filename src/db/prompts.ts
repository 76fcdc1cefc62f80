// Questions with choices (reply buttons). The button carries only the prompt id and the choice
// index; what each choice does lives here, so callback data stays tiny and a second tap is detected.

import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { type PromptRow, prompts } from './schema.js';
import { noRow } from './store-errors.js';

export type AnswerOutcome =
  | { status: 'answered'; prompt: PromptRow }
  | { status: 'already'; prompt: PromptRow }
  | { status: 'missing' };

export class Prompts {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {}

  create(platform: string, chatId: string, options: unknown[]): PromptRow {
    return (
      this.db
        .insert(prompts)
        .values({ platform, chatId, options: JSON.stringify(options), createdAt: this.clock() })
        .returning()
        .all()
        .at(0) ?? noRow()
    );
  }

  attachOutbox(id: number, outboxId: number): void {
    this.db.update(prompts).set({ outboxId }).where(eq(prompts.id, id)).run();
  }

  get(id: number): PromptRow | undefined {
    return this.db.select().from(prompts).where(eq(prompts.id, id)).get();
  }

  /** Records the answer once; a later answer to the same prompt reports "already". */
  answer(id: number, index: number): AnswerOutcome {
    return this.db.transaction((tx) => {
      const prompt = tx.select().from(prompts).where(eq(prompts.id, id)).get();
      if (!prompt) return { status: 'missing' };
      if (prompt.answeredAt != null) return { status: 'already', prompt };
      const updated = tx
        .update(prompts)
        .set({ answeredAt: this.clock(), answerIndex: index })
        .where(and(eq(prompts.id, id), isNull(prompts.answeredAt)))
        .returning()
        .all()[0];
      return { status: 'answered', prompt: updated ?? prompt };
    });
  }

  /** The newest unanswered prompt of a chat (the console maps a bare number to it). */
  latestOpen(platform: string, chatId: string): PromptRow | undefined {
    return this.db
      .select()
      .from(prompts)
      .where(and(eq(prompts.platform, platform), eq(prompts.chatId, chatId), isNull(prompts.answeredAt)))
      .orderBy(desc(prompts.id))
      .limit(1)
      .get();
  }

  /** Closes a question whose stored choices no longer parse: it can never be answered. */
  park(id: number): void {
    this.db
      .update(prompts)
      .set({ answeredAt: this.clock(), answerIndex: -1 })
      .where(and(eq(prompts.id, id), isNull(prompts.answeredAt)))
      .run();
  }

  /** Closes every open prompt, in any chat, that matches (a decision made off the chat, on the board). */
  closeAnywhere(match: (options: string) => boolean): PromptRow[] {
    return this.db.transaction((tx) => {
      const closed: PromptRow[] = [];
      for (const prompt of tx.select().from(prompts).where(isNull(prompts.answeredAt)).all()) {
        if (!match(prompt.options)) continue;
        tx.update(prompts)
          .set({ answeredAt: this.clock(), answerIndex: -1 })
          .where(and(eq(prompts.id, prompt.id), isNull(prompts.answeredAt)))
          .run();
        closed.push(prompt);
      }
      return closed;
    });
  }

  /**
   * Closes every open prompt of a chat that asks about the same thing (a decision made by text).
   * `match` gets the stored choices as JSON; the reader validates them.
   */
  closeWhere(platform: string, chatId: string, match: (options: string) => boolean): PromptRow[] {
    return this.db.transaction((tx) => {
      const open = tx
        .select()
        .from(prompts)
        .where(and(eq(prompts.platform, platform), eq(prompts.chatId, chatId), isNull(prompts.answeredAt)))
        .all();
      const closed: PromptRow[] = [];
      for (const prompt of open) {
        if (!match(prompt.options)) continue;
        tx.update(prompts)
          .set({ answeredAt: this.clock(), answerIndex: -1 })
          .where(eq(prompts.id, prompt.id))
          .run();
        closed.push(prompt);
      }
      return closed;
    });
  }
}
