// A database file migrated up to (not including) one migration, to test how that migration carries
// rows written by an older Kev. The rest is applied by openStore, as at a real upgrade.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsFolder } from '../../src/db/connection.js';
import { tempDir } from './store.js';

export function databaseBefore(tagSuffix: string): { file: string; client: Database.Database } {
  const dir = tempDir();
  const folder = join(dir, 'drizzle');
  cpSync(migrationsFolder(), folder, { recursive: true });
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  const before = journal.entries.findIndex((e) => e.tag.endsWith(tagSuffix));
  if (before <= 0) throw new Error(`no migration ending in ${tagSuffix}`);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }));
  const file = join(dir, 'kev.db');
  const client = new Database(file);
  migrate(drizzle({ client }), { migrationsFolder: folder });
  return { file, client };
}
