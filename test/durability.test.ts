// When Kev's commits reach the disk (src/db/durability.ts): every commit at synchronous=NORMAL,
// one sync (a small commit at FULL) where a power cut could cost a promise, none when nothing changed.

import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/db/index.js';
import { tempDir } from './helpers/store.js';

let store: Store | undefined;
afterEach(() => store?.close());

const open = () => {
  store = openStore(`${tempDir('kev-durable-')}/kev.db`);
  return store;
};
const synchronous = (s: Store) => s.db.$client.pragma('synchronous', { simple: true });

describe('durability', () => {
  it('commits at NORMAL and syncs only when something changed since the last sync', () => {
    const s = open();
    expect(synchronous(s)).toBe(1); // NORMAL
    s.durability.sync();
    expect(s.durability.syncs).toBe(0);
    s.memory.add('a fact');
    s.durability.sync();
    s.durability.sync();
    expect(s.durability.syncs).toBe(1);
    expect(synchronous(s)).toBe(1);
    expect(s.settings.get<number>('durable_at')).toBeTypeOf('number');
  });

  it('flushes the WAL off the event loop, once for commits made while a flush was under way', async () => {
    const s = open();
    await s.durability.flush();
    expect(s.durability.syncs).toBe(0);
    s.memory.add('one');
    const first = s.durability.flush();
    s.memory.add('two');
    const second = s.durability.flush();
    await Promise.all([first, second]);
    expect(s.durability.syncs).toBe(2);
    await s.durability.flush();
    expect(s.durability.syncs).toBe(2);
  });

  it('never syncs from inside a transaction (it asks again once committed)', () => {
    const s = open();
    s.db.transaction(() => {
      s.memory.add('inside');
      s.durability.sync();
      expect(s.durability.syncs).toBe(0);
    });
  });

  it('puts a ledger row on disk before the call it opens spends money', () => {
    const s = open();
    const before = s.durability.syncs;
    s.ledger.start({ taskId: null, attempt: 1, agent: 'Kev', provider: 'cerebras', model: 'm' });
    expect(s.durability.syncs).toBe(before + 1);
  });
});
