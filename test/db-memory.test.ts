// SQLite's page cache is bounded at SQLite's own 2 MB, not better-sqlite3's 16 MB build default:
// a long-running Kev with a growing database keeps its native memory flat (README, Performance).

import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/db/index.js';
import { tempDir } from './helpers/store.js';

let store: Store | undefined;
afterEach(() => store?.close());

describe('the page cache', () => {
  it('is 2 MB on every connection Kev opens, file or memory', () => {
    for (const file of [`${tempDir('kev-cache-')}/kev.db`, ':memory:']) {
      store = openStore(file);
      expect(store.db.$client.pragma('cache_size', { simple: true })).toBe(-2000);
      store.close();
      store = undefined;
    }
  });
});
