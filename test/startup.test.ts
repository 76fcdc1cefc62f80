// Start-up does no migration work on a database that is already current: the migrator (which reads
// and hashes every migration file) runs only when the journal has an entry the file lacks.

import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDb, isCurrent, migrationStatus, migrationsFolder, openDb } from '../src/db/connection.js';
import { tempDir } from './helpers/store.js';

describe('migrations at start-up', () => {
  const open: Database.Database[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });

  it('is current after the first open, and not before, nor when the journal has a newer entry', () => {
    const file = `${tempDir()}/kev.db`;
    const raw = new Database(file);
    open.push(raw);
    expect(isCurrent(raw, migrationsFolder())).toBe(false);
    const db = openDb({ file });
    expect(isCurrent(db.$client, migrationsFolder())).toBe(true);
    const status = migrationStatus(db);
    expect(status.applied).toBe(status.available);
    // An older database: its last applied migration is behind the journal's last entry.
    db.$client.exec(
      'update __drizzle_migrations set created_at = created_at - 1 where created_at = (select max(created_at) from __drizzle_migrations)',
    );
    expect(isCurrent(db.$client, migrationsFolder())).toBe(false);
    closeDb(db);
  });

  it('reopens a current database without applying anything again', () => {
    const file = `${tempDir()}/kev.db`;
    closeDb(openDb({ file }));
    const db = openDb({ file });
    const status = migrationStatus(db);
    expect(status.applied).toBe(status.available);
    closeDb(db);
  });
});
