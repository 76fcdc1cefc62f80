// What the owner asked Kev to keep, and the decisions Kev recorded. Deleting is for real.

import { asc, eq } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { type MemoryRow, memory } from './schema.js';

export class Memory {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {}

  add(text: string, kind: MemoryRow['kind'] = 'fact'): MemoryRow {
    return this.db.insert(memory).values({ text, kind, createdAt: this.clock() }).returning().get();
  }

  list(kind?: MemoryRow['kind']): MemoryRow[] {
    const query = this.db.select().from(memory);
    return (kind ? query.where(eq(memory.kind, kind)) : query).orderBy(asc(memory.id)).all();
  }

  remove(id: number): boolean {
    return this.db.delete(memory).where(eq(memory.id, id)).run().changes === 1;
  }
}
