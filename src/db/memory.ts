// What the owner asked Kev to keep, and the decisions Kev recorded. Deleting is for real.

import { asc, eq } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { type MemoryRow, memory } from './schema.js';
import { noRow } from './store-errors.js';

const STOP_WORDS = new Set(
  'the and for are was were what when where which who why how about with that this from have has had you your our ours can could would should will just into than then them they their there these those its not but all any also'.split(
    ' ',
  ),
);

export class Memory {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {}

  add(text: string, kind: MemoryRow['kind'] = 'fact'): MemoryRow {
    return (
      this.db.insert(memory).values({ text, kind, createdAt: this.clock() }).returning().all().at(0) ??
      noRow()
    );
  }

  list(kind?: MemoryRow['kind']): MemoryRow[] {
    const query = this.db.select().from(memory);
    return (kind ? query.where(eq(memory.kind, kind)) : query).orderBy(asc(memory.id)).all();
  }

  /**
   * Facts most relevant to a text, best first (FTS5 BM25 over the memory index). Words are quoted
   * one by one, so nothing in the text is read as FTS query syntax.
   */
  search(text: string, limit = 5): MemoryRow[] {
    const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])]
      .filter((w) => !STOP_WORDS.has(w))
      .slice(0, 24);
    if (words.length === 0) return [];
    const query = words.map((w) => `"${w}"`).join(' OR ');
    return this.db.$client
      .prepare(
        `select m.id, m.kind, m.text, m.created_at as createdAt from memory_fts f join memory m on m.id = f.rowid
         where memory_fts match ? order by bm25(memory_fts) limit ?`,
      )
      .all(query, limit) as MemoryRow[];
  }

  remove(id: number): boolean {
    return this.db.delete(memory).where(eq(memory.id, id)).run().changes === 1;
  }
}
