// Upgrade: a database made by the previous release (test/fixtures/kev-db-f2636e7.db, written by the
// code at commit f2636e7, before the refused_bytes migration) migrates forward on open without losing
// a row: every table keeps its rows and values, the unhandled message is still there to replay.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrationStatus, openStore } from '../src/db/index.js';
import { tempDir } from './helpers/store.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'kev-db-f2636e7.db');
const TABLES = ['tasks', 'task_events', 'messages', 'outbox', 'prompts', 'memory', 'agent_runs', 'settings'];

function snapshot(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((t) => [t, db.prepare(`select * from ${t} order by rowid`).all()]));
  } finally {
    db.close();
  }
}

describe('a database from the previous release', () => {
  it('migrates forward on open, keeping every row and value', () => {
    const file = join(tempDir('kev-upgrade-'), 'kev.db');
    copyFileSync(FIXTURE, file);
    const before = snapshot(file);
    expect(before.tasks).toHaveLength(3);
    // Really the old schema: the current release's refused_bytes column is not there yet.
    expect(Object.keys(before.messages?.[0] as object)).not.toContain('refused_bytes');

    const store = openStore(file);
    const status = migrationStatus(store.db);
    expect(status.applied).toBe(status.available);
    expect(store.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.db.$client.pragma('foreign_key_check')).toEqual([]);
    expect(store.conversation.unhandled('telegram').map((m) => m.text)).toEqual(['and the PRD after it']);
    expect(store.tasks.list({}).map((t) => [t.title, t.state])).toEqual([
      ['Research Qdrant pricing', 'review'],
      ['Draft the pricing PRD', 'backlog'],
      ['Fix the login typo', 'failed'],
    ]);
    expect(store.ledger.spendSince(0)).toBe(4321 + 111);
    store.close();

    const after = snapshot(file);
    for (const table of TABLES) {
      expect(after[table], table).toHaveLength(before[table]?.length ?? -1);
      // Old columns keep their values; new columns may be added.
      (before[table] ?? []).forEach((row, i) => {
        expect(after[table]?.[i], `${table} row ${i}`).toMatchObject(row as Record<string, unknown>);
      });
    }
  });
});
