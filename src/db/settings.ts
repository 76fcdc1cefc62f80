// Small persistent switches (paused, awaited replies) as JSON values under a key.

import { eq, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { settings } from './schema.js';

export class Settings {
  /** Read on every message (a chat's state): built and prepared once. */
  private readonly byKey;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {
    this.byKey = db
      .select()
      .from(settings)
      .where(eq(settings.key, sql.placeholder('key')))
      .prepare();
  }

  get<T>(key: string): T | undefined {
    const row = this.byKey.get({ key });
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    const updatedAt = this.clock();
    this.db
      .insert(settings)
      .values({ key, value: json, updatedAt })
      .onConflictDoUpdate({ target: settings.key, set: { value: json, updatedAt } })
      .run();
  }

  delete(key: string): void {
    this.db.delete(settings).where(eq(settings.key, key)).run();
  }
}
