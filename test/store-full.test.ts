// A store on a full disk (a real ENOSPC: the data dir on a 4 MB tmpfs, filled up) says so: every
// insert that returns its row throws when its commit fails, instead of seeming to succeed while the
// row is gone (better-sqlite3's get() ignores the COMMIT's failure; the store uses all()).

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/db/index.js';
import { canMount, tempDir } from './helpers/store.js';

let store: Store | undefined;
const cleanups: Array<() => void> = [];
afterEach(() => {
  store?.close();
  store = undefined;
  for (const c of cleanups.splice(0)) c();
});

describe('a store on a full disk', () => {
  it.skipIf(!canMount())('throws on a record it could not commit, and keeps what it committed', () => {
    const dir = tempDir('kev-store-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]);
    cleanups.push(() => execFileSync('umount', ['-l', dir]));
    const file = join(dir, 'kev.db');
    store = openStore(file);
    const s = store;
    const record = (id: string) =>
      s.conversation.recordInbound({
        platform: 'telegram',
        chatId: '1',
        userId: '1',
        externalId: id,
        text: `${id} ${'x'.repeat(300)}`,
      });
    record('before');
    try {
      writeFileSync(join(dir, 'filler'), Buffer.alloc(8 * 1024 * 1024));
    } catch {
      // ENOSPC: full.
    }
    const outcomes = ['a', 'b', 'c'].map((id) => {
      try {
        record(id);
        return 'recorded';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(() => s.memory.add('m'.repeat(200_000))).toThrow(/disk is full/);
    expect(() =>
      s.ledger.start({ taskId: null, attempt: 1, agent: 'Kev', provider: 'cerebras', model: 'm' }),
    ).toThrow(/disk is full/);
    // What another reader finds is exactly what the store said it recorded.
    const reader = new Database(file, { readonly: true });
    const ids = (reader.prepare('select external_id as id from messages').all() as Array<{ id: string }>).map(
      (r) => r.id,
    );
    reader.close();
    const said = ['a', 'b', 'c'].filter((_, i) => outcomes[i] === 'recorded');
    expect(ids).toEqual(['before', ...said]);
  });
});
