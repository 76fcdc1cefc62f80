// The ledger's close of a run: once, with its usage; a close that finds the row already closed is
// logged as an error and loses no money (an interrupted row is charged late), nor charges twice.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LedgerLog, openStore, type Store } from '../src/db/index.js';
import { type TempStore, tempStore } from './helpers/store.js';

let t: TempStore;
let store: Store;
const errors: string[] = [];
const log: LedgerLog = { error: (_details, message) => errors.push(message) };

beforeEach(() => {
  t = tempStore();
  // A second store over the same file, with a log, like main.ts opens it.
  store = openStore(t.file, t.clock.read, { log });
  errors.length = 0;
});

afterEach(() => {
  store.close();
  t.cleanup();
});

const RUN = { taskId: null, attempt: 0, agent: 'Kev', provider: 'cerebras', model: 'cerebras/gpt-oss-120b' };
const USAGE = { outcome: 'ok', inputTokens: 100, outputTokens: 50, cachedTokens: 0, costMicros: 700 };

describe('Ledger.finish', () => {
  it('closes a running row with its usage and cost', () => {
    const run = store.ledger.start(RUN);
    expect(store.ledger.finish(run.id, USAGE)).toBe('closed');
    expect(store.ledger.recent(1)[0]).toMatchObject({ outcome: 'ok', inputTokens: 100, costMicros: 700 });
    expect(store.ledger.spendSince(0)).toBe(700);
    expect(errors).toEqual([]);
  });

  it('charges a row closed as interrupted under a live call, and logs an error', () => {
    const run = store.ledger.start(RUN);
    expect(store.ledger.closeInterrupted()).toBe(1);
    expect(store.ledger.finish(run.id, USAGE)).toBe('late');
    expect(store.ledger.recent(1)[0]).toMatchObject({ outcome: 'ok', outputTokens: 50, costMicros: 700 });
    expect(store.ledger.spendSince(0)).toBe(700);
    expect(errors).toEqual(['a ledger row was closed as interrupted while its call ran; charged it now']);
  });

  it('never charges a finished row twice, and logs the second close', () => {
    const run = store.ledger.start(RUN);
    store.ledger.finish(run.id, USAGE);
    expect(store.ledger.finish(run.id, { ...USAGE, costMicros: 9999 })).toBe('twice');
    expect(store.ledger.spendSince(0)).toBe(700);
    expect(errors).toEqual(['a ledger row was finished twice; the second result was not charged']);
  });
});
