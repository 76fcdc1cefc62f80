// The WhatsApp session rows: a string key-value table per (type, id). src/bot serialises Baileys'
// credentials and keys into these strings; this file only promises atomic writes: every write()
// is one SQLite transaction, so a SIGKILL leaves either all of a batch or none of it.

import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { whatsappSession } from './schema.js';

export interface SessionEntry {
  type: string;
  id: string;
  /** null deletes the row. */
  value: string | null;
}

export class WhatsAppSessionRows {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {}

  read(type: string, ids: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    // SQLite caps bound parameters; Baileys asks for a few hundred ids at most, chunked anyway.
    for (let i = 0; i < ids.length; i += 500) {
      const rows = this.db
        .select({ id: whatsappSession.id, value: whatsappSession.value })
        .from(whatsappSession)
        .where(and(eq(whatsappSession.type, type), inArray(whatsappSession.id, ids.slice(i, i + 500))))
        .all();
      for (const row of rows) out[row.id] = row.value;
    }
    return out;
  }

  readOne(type: string, id: string): string | undefined {
    return this.read(type, [id])[id];
  }

  write(entries: readonly SessionEntry[]): void {
    const at = this.clock();
    this.db.transaction((tx) => {
      for (const { type, id, value } of entries) {
        if (value === null) {
          tx.delete(whatsappSession)
            .where(and(eq(whatsappSession.type, type), eq(whatsappSession.id, id)))
            .run();
        } else {
          tx.insert(whatsappSession)
            .values({ type, id, value, updatedAt: at })
            .onConflictDoUpdate({
              target: [whatsappSession.type, whatsappSession.id],
              set: { value, updatedAt: at },
            })
            .run();
        }
      }
    });
  }

  /** Deletes every row of the given types, or the whole session when none are given. */
  clear(types?: readonly string[]): void {
    if (types?.length) this.db.delete(whatsappSession).where(inArray(whatsappSession.type, types)).run();
    else this.db.delete(whatsappSession).run();
  }

  /** Rows of one type updated before `before` (ms), for pruning the transport's own records. */
  prune(type: string, before: number): number {
    return this.db
      .delete(whatsappSession)
      .where(and(eq(whatsappSession.type, type), sql`${whatsappSession.updatedAt} < ${before}`))
      .run().changes;
  }
}
