// The owner's standing research topics (/topics add …): what the research cycle gives Scout.

import { asc, eq } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { type TopicRow, topics } from './schedule-schema.js';

export const MAX_TOPIC_CHARS = 200;

export class Topics {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {}

  /** Adds a topic; returns undefined when the same topic (ignoring case and spaces) is already there. */
  add(text: string): TopicRow | undefined {
    const clean = text.replace(/\s+/g, ' ').trim();
    return this.db
      .insert(topics)
      .values({ text: clean, key: keyOf(clean), createdAt: this.clock() })
      .onConflictDoNothing()
      .returning()
      .all()[0];
  }

  /** Removes by number (from /topics) or by its text; the removed row, or undefined. */
  remove(ref: number | string): TopicRow | undefined {
    const where = typeof ref === 'number' ? eq(topics.id, ref) : eq(topics.key, keyOf(ref));
    return this.db.delete(topics).where(where).returning().all()[0];
  }

  list(): TopicRow[] {
    return this.db.select().from(topics).orderBy(asc(topics.id)).all();
  }
}

function keyOf(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}
