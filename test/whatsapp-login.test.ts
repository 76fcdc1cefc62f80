// `kev whatsapp login` / `logout` with a fake socket (pairing happens on a phone crabline cannot
// play): the QR code or the pairing code is shown, the 515 restart after pairing is ridden
// through, "linked" is said; logout unlinks and clears. `kev doctor` reports the session state.

import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { readCreds } from '../src/bot/whatsapp-auth.js';
import { formatPairingCode, linkDevice, unlinkDevice } from '../src/bot/whatsapp-login.js';
import { readState, writeState } from '../src/bot/whatsapp-state.js';
import { doctor } from '../src/cli/doctor.js';
import { openStore } from '../src/db/index.js';
import { silentLogger } from '../src/shared/log.js';
import { seedSession } from './fakes/whatsapp/crabline.js';
import { FakeSockets, until } from './fakes/whatsapp/fake-socket.js';
import { type TempStore, tempDir, tempStore } from './helpers/store.js';

let temp: TempStore | undefined;
const saved = { ...process.env };
afterEach(() => {
  temp?.cleanup();
  process.env = { ...saved };
});

describe('kev whatsapp login', () => {
  it('shows the QR code, rides through the 515 restart after pairing, and says it is linked', async () => {
    temp = tempStore();
    const sockets = new FakeSockets({ id: '447700900123:5@s.whatsapp.net' });
    const said: string[] = [];
    const linking = linkDevice({
      rows: temp.store.whatsapp,
      log: silentLogger,
      createSocket: sockets.factory,
      say: (t) => said.push(t),
      renderQr: async (data) => `[QR ${data}]`,
    });
    await until(() => sockets.made.length === 1, 'the socket');
    sockets.last.ev.emit('connection.update', { qr: '2@abc,def' });
    await until(() => said.length === 1, 'the QR code');
    expect(said[0]).toMatch(/Linked devices.*\[QR 2@abc,def\]/s);
    // The phone scanned it: Baileys stores `me` and WhatsApp forces a restart.
    sockets.last.settings.auth.creds.me = { id: '447700900123:5@s.whatsapp.net' };
    sockets.last.ev.emit('creds.update', { me: { id: '447700900123:5@s.whatsapp.net' } });
    sockets.last.close(515);
    await until(() => sockets.made.length === 2, 'the socket after the restart');
    expect(sockets.made[0]?.ended).toBe(true);
    sockets.last.open();
    await expect(linking).resolves.toEqual({ number: '447700900123' });
    expect(readCreds(temp.store.whatsapp)?.me?.id).toBe('447700900123:5@s.whatsapp.net');
    expect(readState(temp.store.whatsapp)).toMatchObject({ state: 'linked', number: '447700900123' });
    await expect(
      linkDevice({
        rows: temp.store.whatsapp,
        log: silentLogger,
        createSocket: sockets.factory,
        say: () => undefined,
        renderQr: async () => '',
      }),
    ).rejects.toThrow(/already linked.*logout/);
  });

  it('with a number, asks for the pairing code once and prints it as ABCD-EFGH', async () => {
    temp = tempStore();
    const sockets = new FakeSockets();
    const said: string[] = [];
    const linking = linkDevice({
      rows: temp.store.whatsapp,
      log: silentLogger,
      createSocket: sockets.factory,
      pairingNumber: '447700900123',
      say: (t) => said.push(t),
      renderQr: async () => 'never',
    });
    await until(() => sockets.made.length === 1, 'the socket');
    sockets.last.ev.emit('connection.update', { qr: 'one' });
    sockets.last.ev.emit('connection.update', { qr: 'two' });
    await until(() => said.length === 1, 'the pairing code');
    expect(said[0]).toMatch(/\+447700900123.*phone number instead.*ABCD-1234/s);
    sockets.last.close(401);
    await expect(linking).rejects.toThrow(/401/);
    expect(said).toHaveLength(1);
    expect(formatPairingCode('WXYZ9876')).toBe('WXYZ-9876');
  });
});

describe('kev whatsapp logout and kev doctor', () => {
  it('unlinks through WhatsApp and clears the session', async () => {
    temp = tempStore();
    seedSession(temp.store.whatsapp, '15550000000@s.whatsapp.net');
    const sockets = new FakeSockets();
    const out = unlinkDevice({ rows: temp.store.whatsapp, log: silentLogger, createSocket: sockets.factory });
    await until(() => sockets.made.length === 1, 'the socket');
    sockets.last.open();
    await expect(out).resolves.toBe('unlinked');
    expect(sockets.last.loggedOut).toBe(true);
    expect(readCreds(temp.store.whatsapp)).toBeUndefined();
    expect(readState(temp.store.whatsapp).state).toBe('not-paired');
  });

  it('reports not paired, linked as +…, and logged out: pair again', async () => {
    const dataDir = tempDir('kev-doctor-');
    Object.assign(process.env, {
      KEV_DATA_DIR: dataDir,
      KEV_WHATSAPP: '1',
      KEV_OWNER_WHATSAPP: '+44 7700 900123',
    });
    delete process.env.TELEGRAM_BOT_TOKEN;
    const run = async () => {
      let text = '';
      const sink = new Writable({
        write: (c, _e, d) => {
          text += String(c);
          d();
        },
      });
      const code = await doctor(sink);
      return { code, line: text.split('\n').find((l) => /whatsapp /.test(l)) ?? '' };
    };
    expect(await run()).toMatchObject({
      code: 1,
      line: expect.stringMatching(/FAIL whatsapp +not paired: run `kev whatsapp login`/),
    });
    const store = openStore(join(dataDir, 'kev.db'));
    seedSession(store.whatsapp, '447700900123:2@s.whatsapp.net');
    store.close();
    expect((await run()).line).toMatch(/ok +whatsapp +linked as \+447700900123/);
    const again = openStore(join(dataDir, 'kev.db'));
    again.whatsapp.clear(['creds']);
    writeState(again.whatsapp, { state: 'logged-out', why: 'the phone logged Kev out', at: 1 });
    again.close();
    expect((await run()).line).toMatch(/FAIL whatsapp +logged out .*pair again/);
  });
});
