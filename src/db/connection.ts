// Opens the SQLite file with the pragmas Kev relies on and applies pending migrations.
// The only place in Kev that opens SQLite.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { PRAGMAS } from './durability.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenOptions {
  /** A file path, or ":memory:". */
  file: string;
  /** How long a writer waits on a lock held by another connection. */
  busyTimeoutMs?: number;
}

/** Finds the committed drizzle/ folder whether we run from src/ (tests) or dist/src/ (npm start). */
export function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('Kev cannot find its drizzle/ migrations folder next to the package.');
}

/**
 * SQLite's page cache, in KiB when negative: SQLite's own default of 2 MB. better-sqlite3 builds
 * SQLite with 16 MB, which the board's reads over a big store fill and never give back; Kev's hot
 * rows (the queue, the outbox, recent messages) fit in 2 MB, and the OS caches the rest of the file.
 */
export const CACHE_SIZE = -2000;

export function openDb(options: OpenOptions): Db {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const client = new Database(options.file);
  // Commits survive Kev being killed; the WAL is synced where a power cut could cost a promise
  // (see durability.ts), not on every commit.
  for (const pragma of PRAGMAS) client.pragma(pragma);
  client.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  client.pragma(`cache_size = ${CACHE_SIZE}`);
  const db = drizzle({ client, schema }) as Db;
  const folder = migrationsFolder();
  // The migrator reads and hashes every migration file; when the file is already at the journal's
  // last entry there is nothing for it to do, so start-up skips it.
  if (!isCurrent(client, folder)) migrate(db, { migrationsFolder: folder });
  return db;
}

interface Journal {
  entries: Array<{ when: number }>;
}

function readJournal(folder: string): Journal {
  return JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** True when the last applied migration is the journal's last entry (drizzle records its `when`). */
export function isCurrent(client: Database.Database, folder: string): boolean {
  const table = client
    .prepare("select count(*) as n from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get() as { n: number };
  if (table.n === 0) return false;
  const last = client.prepare('select max(created_at) as at from __drizzle_migrations').get() as {
    at: number | null;
  };
  const newest = readJournal(folder).entries.at(-1)?.when;
  return newest !== undefined && last.at !== null && Number(last.at) === newest;
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}

export interface MigrationStatus {
  applied: number;
  available: number;
}

/** For `kev doctor`: how many migrations the file has against how many ship with Kev. */
export function migrationStatus(db: Db): MigrationStatus {
  const row = db.$client
    .prepare("select count(*) as n from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get() as { n: number };
  const applied =
    row.n > 0
      ? (db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n
      : 0;
  const journal = readJournal(migrationsFolder());
  return { applied, available: journal.entries.length };
}
