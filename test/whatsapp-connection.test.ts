// The disconnect policy with a fake socket (Baileys' own event buffer as its `ev`): each code's
// row is carried out, one reconnect at a time, the old socket ended first.

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { readCreds } from '../src/bot/whatsapp-auth.js';
import { WhatsAppConnection } from '../src/bot/whatsapp-connection.js';
import { backoffDelay, DISCONNECT_POLICY, policyFor } from '../src/bot/whatsapp-policy.js';
import { readState, type StateRecord } from '../src/bot/whatsapp-state.js';
import { createLogger } from '../src/shared/log.js';
import { seedSession } from './fakes/whatsapp/crabline.js';
import { FakeSockets, until } from './fakes/whatsapp/fake-socket.js';
import { type TempStore, tempStore } from './helpers/store.js';

let temp: TempStore | undefined;
afterEach(() => temp?.cleanup());

function setup() {
  temp = tempStore();
  const { store } = temp;
  seedSession(store.whatsapp, '15550000000@s.whatsapp.net');
  const sockets = new FakeSockets();
  const scheduled: Array<{ ms: number; run: () => void; cancelled: boolean }> = [];
  const stopped: StateRecord[] = [];
  const log = createLogger({
    level: 'silent',
    secrets: [],
    stream: new Writable({ write: (_c, _e, d) => d() }),
  });
  const connection = new WhatsAppConnection({
    rows: store.whatsapp,
    log,
    createSocket: sockets.factory,
    backoff: { baseMs: 1000, maxMs: 60_000 },
    random: () => 1,
    schedule: (run, ms) => {
      const item = { ms, run, cancelled: false };
      scheduled.push(item);
      return { cancel: () => (item.cancelled = true) };
    },
    onSocket: () => undefined,
    onStopped: (record) => stopped.push(record),
  });
  const runNext = async () => {
    const next = scheduled.shift();
    if (!next) throw new Error('nothing scheduled');
    const count = sockets.made.length;
    next.run();
    await until(() => sockets.made.length > count, 'a new socket');
  };
  return { store, sockets, scheduled, stopped, connection, runNext };
}

describe('WhatsApp connection policy', () => {
  it('has a row for every code the issue names', () => {
    expect(Object.keys(DISCONNECT_POLICY).map(Number).sort()).toEqual([
      401, 403, 408, 411, 428, 440, 500, 503, 515,
    ]);
    expect(policyFor(undefined).action.kind).toBe('backoff');
    expect(backoffDelay(0, { baseMs: 1000, maxMs: 60_000 }, () => 0)).toBe(500);
    expect(backoffDelay(10, { baseMs: 1000, maxMs: 60_000 }, () => 1)).toBe(60_000);
  });

  it('restarts at once on 515 and backs off exponentially on 408, 428, 503 and network errors', async () => {
    const { sockets, scheduled, connection, runNext, store } = setup();
    connection.start();
    await until(() => sockets.made.length === 1, 'the first socket');
    sockets.last.open();
    expect(readState(store.whatsapp)).toMatchObject({ state: 'linked', number: '15550000000' });
    sockets.last.close(515);
    expect(scheduled.map((s) => s.ms)).toEqual([0]);
    await runNext();
    expect(sockets.made[0]?.ended).toBe(true);
    const delays: number[] = [];
    for (const code of [408, 428, 503, undefined]) {
      sockets.last.close(code);
      delays.push(scheduled[0]?.ms ?? -1);
      await runNext();
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
    sockets.last.open();
    sockets.last.close(408);
    expect(scheduled[0]?.ms).toBe(1000);
    await connection.stop();
  });

  it('schedules one reconnect at a time and ignores the events of an ended socket', async () => {
    const { sockets, scheduled, connection, runNext } = setup();
    connection.start();
    await until(() => sockets.made.length === 1, 'the first socket');
    const first = sockets.last;
    first.close(428);
    first.close(428);
    expect(scheduled).toHaveLength(1);
    await runNext();
    first.close(515);
    expect(scheduled).toHaveLength(0);
    expect(first.ended).toBe(true);
    await connection.stop();
  });

  it('retries a bad session (500) a few times, then asks to pair again', async () => {
    const { sockets, scheduled, connection, runNext, stopped } = setup();
    connection.start();
    await until(() => sockets.made.length === 1, 'the first socket');
    for (let i = 0; i < 3; i += 1) {
      sockets.last.close(500);
      await runNext();
    }
    sockets.last.close(500);
    expect(scheduled).toHaveLength(0);
    expect(stopped.map((s) => s.state)).toEqual(['needs-pairing']);
  });

  it.each([401, 411])('clears the session on %i and tells the owner how to pair again', async (code) => {
    const { sockets, scheduled, connection, stopped, store } = setup();
    connection.start();
    await until(() => sockets.made.length === 1, 'the first socket');
    sockets.last.close(code);
    expect(scheduled).toHaveLength(0);
    expect(readCreds(store.whatsapp)).toBeUndefined();
    expect(stopped[0]?.state).toBe('logged-out');
    expect(readState(store.whatsapp).state).toBe('logged-out');
    expect(() => connection.start()).toThrow(/not paired/);
  });

  it.each([
    [440, 'replaced'],
    [403, 'forbidden'],
  ])('stops on %i without reconnecting, keeping the session', async (code, state) => {
    const { sockets, scheduled, connection, stopped, store } = setup();
    connection.start();
    await until(() => sockets.made.length === 1, 'the first socket');
    sockets.last.close(code);
    expect(scheduled).toHaveLength(0);
    expect(stopped[0]?.state).toBe(state);
    expect(sockets.last.ended).toBe(true);
    expect(readCreds(store.whatsapp)?.me?.id).toBeDefined();
  });
});

describe('WhatsApp connection after a logout', () => {
  it('does not bring the session back when the ended socket reports new credentials late', async () => {
    const { sockets, connection, store } = setup();
    connection.start();
    await until(() => sockets.made.length === 1, 'the first socket');
    const socket = sockets.last;
    socket.close(401);
    socket.ev.emit('creds.update', { accountSyncCounter: 9 });
    await new Promise((r) => setTimeout(r, 20));
    expect(readCreds(store.whatsapp)).toBeUndefined();
  });
});
