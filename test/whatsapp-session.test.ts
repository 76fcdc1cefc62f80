// The WhatsApp session in SQLite: BufferJSON round trips (Buffers, app-state keys, the v7 types),
// and a writer SIGKILLed at any moment never leaves a session that fails to load or a torn batch.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { initAuthCreds, proto } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { clearSession, loadAuth, makeKeyStore, readCreds } from '../src/bot/whatsapp-auth.js';
import { openStore } from '../src/db/index.js';
import { silentLogger } from '../src/shared/log.js';
import { seedSession } from './fakes/whatsapp/crabline.js';
import { type TempStore, tempStore } from './helpers/store.js';

let temp: TempStore | undefined;
afterEach(() => temp?.cleanup());

describe('WhatsApp session storage', () => {
  it('round-trips credentials and every key type, v7 ones included', async () => {
    temp = tempStore();
    const rows = temp.store.whatsapp;
    const first = loadAuth(rows, silentLogger);
    expect(first.paired).toBe(false);
    const stored = readCreds(rows);
    expect(Buffer.isBuffer(stored?.noiseKey.private)).toBe(true);
    expect(stored?.noiseKey.private).toEqual(first.state.creds.noiseKey.private);
    const keys = makeKeyStore(rows);
    await keys.set({
      'pre-key': { '1': { public: Buffer.from([1, 2]), private: Buffer.from([3]) } },
      'app-state-sync-key': { AAA: { keyData: Buffer.from([9, 9]), timestamp: 5 } },
      'lid-mapping': { '15551234567': '4242' },
      'device-list': { '15551234567': ['0', '3'] },
      tctoken: { '15551234567@s.whatsapp.net': { token: Buffer.from([7]), timestamp: '1' } },
    });
    expect((await keys.get('pre-key', ['1', '2']))['1']?.public).toEqual(Buffer.from([1, 2]));
    const appKey = (await keys.get('app-state-sync-key', ['AAA'])).AAA;
    expect(appKey).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(await keys.get('lid-mapping', ['15551234567'])).toEqual({ '15551234567': '4242' });
    expect(await keys.get('device-list', ['15551234567'])).toEqual({ '15551234567': ['0', '3'] });
    expect(
      (await keys.get('tctoken', ['15551234567@s.whatsapp.net']))['15551234567@s.whatsapp.net']?.token,
    ).toEqual(Buffer.from([7]));
    await keys.set({ 'pre-key': { '1': null } });
    expect(await keys.get('pre-key', ['1'])).toEqual({});
    clearSession(rows);
    expect(readCreds(rows)).toBeUndefined();
    expect(await keys.get('lid-mapping', ['15551234567'])).toEqual({});
  });

  it('survives a SIGKILL mid-write: the session loads and no batch is torn', {
    timeout: 60_000,
  }, async () => {
    temp = tempStore();
    seedSession(temp.store.whatsapp, '15550000000@s.whatsapp.net');
    const file = temp.file;
    temp.store.close();
    let written = 0;
    for (const afterMs of [40, 150, 400, 900]) {
      const child = fork(fileURLToPath(new URL('./helpers/session-writer.ts', import.meta.url)), [file], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      await new Promise((resolve) => child.once('message', resolve));
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const store = openStore(file);
      const auth = loadAuth(store.whatsapp, silentLogger);
      expect(auth.paired).toBe(true);
      expect(auth.state.creds.noiseKey.private).toHaveLength(32);
      const keys = makeKeyStore(store.whatsapp);
      const ids = Array.from({ length: 40 }, (_, i) => `peer${i}.0`);
      const sessions = Object.values(await keys.get('session', ids));
      const marks = new Set(sessions.map((s) => Buffer.from(s)[0]));
      // Either no batch was written yet, or all 40 sessions come from the same one.
      expect(sessions.length === 0 || sessions.length === 40).toBe(true);
      expect(marks.size).toBeLessThanOrEqual(1);
      written = Math.max(written, Number(auth.state.creds.accountSyncCounter));
      store.close();
    }
    // The writer really was writing when it was killed.
    expect(written).toBeGreaterThan(0);
  });
});

it('initAuthCreds stays what Baileys 7 makes (guards the serialised shape)', () => {
  expect(Object.keys(initAuthCreds())).toEqual(
    expect.arrayContaining(['noiseKey', 'signedIdentityKey', 'advSecretKey', 'registrationId']),
  );
});
