// Kev starting on WhatsApp without a session: it starts anyway. On a terminal it pairs inline (the
// QR code, or the pairing code, as `kev whatsapp login` shows them), rides the 515 restart and
// serves; without a terminal it says how to pair (log, and the owner on Telegram), opens no
// connection (no reconnect loop), and connects once `kev whatsapp login` has left a session.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Schedule } from '../src/bot/whatsapp-connection.js';
import { openStore } from '../src/db/index.js';
import { type Running, run } from '../src/main.js';
import { OWNER, say as sayOnTelegram } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import {
  type CrablineFake,
  OWNER_JID,
  OWNER_NUMBER,
  seedSession,
  startCrabline,
} from './fakes/whatsapp/crabline.js';
import { FakeSockets, until } from './fakes/whatsapp/fake-socket.js';
import { startWhatsAppStack, type WhatsAppStack } from './fakes/whatsapp/harness.js';
import { tempDir, tempStore } from './helpers/store.js';

let stack: WhatsAppStack | undefined;
let running: Running | undefined;
let telegram: FakeBotApi | undefined;
let crabline: CrablineFake | undefined;
afterEach(async () => {
  await stack?.stop();
  await running?.stop();
  await telegram?.close();
  await crabline?.close();
  stack = running = telegram = crabline = undefined;
});

const help = (id: string) => ({
  key: { remoteJid: OWNER_JID, id, fromMe: false },
  message: { conversation: '/help' },
  messageTimestamp: Math.floor(Date.now() / 1000),
});

describe('WhatsApp without a session, on a terminal', () => {
  it('shows the QR code, pairs, rides the 515 restart, then serves', async () => {
    const temp = tempStore();
    temp.store.close();
    const sockets = new FakeSockets();
    const said: string[] = [];
    stack = await startWhatsAppStack({
      file: temp.file,
      url: '',
      waitOpen: false,
      transport: {
        createSocket: sockets.factory,
        pairing: { say: (t) => said.push(t), renderQr: async (data) => `[QR ${data}]` },
      },
    });
    await until(() => sockets.made.length === 1, 'the pairing socket');
    sockets.last.ev.emit('connection.update', { qr: '2@abc,def' });
    await until(() => said.length === 1, 'the QR code');
    expect(said[0]).toMatch(/Linked devices.*\[QR 2@abc,def\]/s);
    sockets.last.settings.auth.creds.me = { id: '15550000000:3@s.whatsapp.net' };
    sockets.last.ev.emit('creds.update', { me: { id: '15550000000:3@s.whatsapp.net' } });
    sockets.last.close(515);
    await until(() => sockets.made.length === 2, 'the socket after the restart');
    sockets.last.open();
    // Linked: the pairing socket ends and the transport's own connection takes over.
    await until(() => sockets.made.length === 3, 'the serving socket');
    expect(sockets.made[1]?.ended).toBe(true);
    sockets.last.open();
    await stack.transport.whenOpen();
    sockets.last.receive(help('H1'));
    await until(() => sockets.last.sent.length === 1, 'the answer');
    expect(String(sockets.last.sent[0]?.content.text)).toMatch(/\/status/);
  });

  it('with a number, shows the pairing code instead', async () => {
    const temp = tempStore();
    temp.store.close();
    const sockets = new FakeSockets();
    const said: string[] = [];
    stack = await startWhatsAppStack({
      file: temp.file,
      url: '',
      waitOpen: false,
      transport: {
        createSocket: sockets.factory,
        pairing: { pairingNumber: OWNER_NUMBER, say: (t) => said.push(t), renderQr: async () => 'QR' },
      },
    });
    await until(() => sockets.made.length === 1, 'the pairing socket');
    sockets.last.ev.emit('connection.update', { qr: '2@abc,def' });
    await until(() => said.length === 1, 'the pairing code');
    expect(said[0]).toMatch(new RegExp(`\\+${OWNER_NUMBER}.*Link with phone number instead.*ABCD-1234`, 's'));
  });
});

describe('WhatsApp without a session, without a terminal', () => {
  it('says how to pair, opens no connection, and connects once a session appears', async () => {
    const temp = tempStore();
    temp.store.close();
    const sockets = new FakeSockets();
    const alerts: string[] = [];
    const polls: Array<() => void> = [];
    const schedule: Schedule = (run) => {
      polls.push(run);
      return { cancel: () => undefined };
    };
    stack = await startWhatsAppStack({
      file: temp.file,
      url: '',
      waitOpen: false,
      transport: { createSocket: sockets.factory, schedule, onAlert: (t) => alerts.push(t) },
    });
    expect(alerts).toEqual([
      expect.stringMatching(/WhatsApp: not paired: run `kev whatsapp login`.*connects once it is paired/),
    ]);
    expect(stack.logText()).toMatch(/not paired/);
    // Waiting: a look at the database per tick, never a socket.
    polls.shift()?.();
    polls.shift()?.();
    expect(sockets.made).toHaveLength(0);
    expect(polls).toHaveLength(1);
    // `kev whatsapp login` in another process links the account.
    const other = openStore(temp.file);
    seedSession(other.whatsapp, '15550000000:3@s.whatsapp.net');
    other.close();
    polls.shift()?.();
    await until(() => sockets.made.length === 1, 'the socket');
    sockets.last.open();
    await stack.transport.whenOpen();
    sockets.last.receive(help('H2'));
    await until(() => sockets.last.sent.length === 1, 'the answer');
  });

  it('kev start (run) with Telegram and WhatsApp unpaired: Telegram serves and tells the owner; a session made meanwhile is picked up (crabline)', {
    timeout: 60_000,
  }, async () => {
    telegram = await startFakeBotApi();
    crabline = await startCrabline();
    // The owner has written to the bot before (Telegram lets a bot write only to such a chat).
    telegram.world.chatRecord(telegram.world.privateChat(OWNER));
    const dir = tempDir('kev-wa-unpaired-');
    const logFile = join(dir, 'kev.log');
    running = await run({
      cwd: dir,
      terminal: false,
      env: {
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.url,
        KEV_OWNER_TELEGRAM_IDS: String(OWNER.id),
        KEV_WHATSAPP: '1',
        KEV_OWNER_WHATSAPP: `+${OWNER_NUMBER}`,
        KEV_WHATSAPP_WS_URL: crabline.url,
        KEV_WHATSAPP_MIN_INTERVAL_MS: '0',
        KEV_DATA_DIR: join(dir, 'data'),
        KEV_LOG_FILE: logFile,
        PATH: '',
      },
    });
    const tg = telegram;
    const told = await tg.waitFor(
      () => tg.world.messages(OWNER.id).find((m) => /WhatsApp: not paired/.test(m.text)),
      'the owner told on Telegram',
    );
    expect(told.text).toMatch(/kev whatsapp login/);
    expect((await sayOnTelegram(tg, '/help')).text).toContain('/approve');

    const other = openStore(running.config.dbFile);
    seedSession(other.whatsapp, crabline.manifest.selfJid);
    other.close();
    const wa = crabline;
    await wa.waitFor(
      () => (/WhatsApp connected/.test(readFileSync(logFile, 'utf8')) ? true : undefined),
      'the connection',
      20_000,
    );
    await wa.say('/help');
    const answer = await wa.waitFor(() => wa.sent[0], 'the answer on WhatsApp');
    expect(answer.to).toBe(OWNER_JID);
    expect(answer.text).toMatch(/\/status/);
  });
});
