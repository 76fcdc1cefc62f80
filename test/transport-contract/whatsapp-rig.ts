// The WhatsApp row of the transport contract: the real Baileys transport on a fake socket whose
// `ev` is Baileys' own makeEventBuffer, read back as the owner's phone shows it (no buttons: the
// choices are the numbered last line, answered by replying with the number).

import { Writable } from 'node:stream';
import { WhatsAppTransport } from '../../src/bot/whatsapp.js';
import { createLogger } from '../../src/shared/log.js';
import { OWNER_JID, OWNER_NUMBER, STRANGER_JID, seedSession } from '../fakes/whatsapp/crabline.js';
import { type FakeSent, FakeSockets, until } from '../fakes/whatsapp/fake-socket.js';
import { tempStore } from '../helpers/store.js';
import { startKev } from './kev-stack.js';
import type { Rig, RigRow, Seen } from './rig.js';

/** The numbered choices and the line on how to answer, at the end of the message. */
const CHOICES = /\n\n((?:\*\d+\* [^·\n]+(?: · )?)+)\n_[^\n]+_$/;

function seenOf(sent: FakeSent): Seen {
  const raw = String(sent.content.text ?? sent.content.caption ?? '');
  const line = CHOICES.exec(raw);
  const choices = line ? [...(line[1] ?? '').matchAll(/\*\d+\* ([^·\n]+?)(?= · |$)/g)].map((m) => m[1]!) : [];
  return {
    text: line ? raw.slice(0, line.index) : raw,
    choices,
    ...(sent.content.document ? { document: { filename: String(sent.content.fileName) } } : {}),
  };
}

let n = 0;
const message = (from: string, text: string) => ({
  key: { remoteJid: from, id: `CONTRACT${++n}`, fromMe: false },
  message: { conversation: text },
  messageTimestamp: Math.floor(Date.now() / 1000),
});

export const whatsappRow: RigRow = {
  platform: 'whatsapp',
  async start({ owner }) {
    const session = tempStore();
    seedSession(session.store.whatsapp, '15550000000:3@s.whatsapp.net');
    let ignored = 0;
    const stream = new Writable({
      write(chunk, _encoding, done) {
        if (String(chunk).includes('WhatsApp message ignored')) ignored += 1;
        done();
      },
    });
    const sockets = new FakeSockets();
    const transport = new WhatsAppTransport({
      ownerNumber: OWNER_NUMBER,
      rows: session.store.whatsapp,
      log: createLogger({ level: 'debug', secrets: [], stream }),
      createSocket: sockets.factory,
      minIntervalMs: 0,
      stopGraceMs: 2000,
    });
    const kev = await startKev(transport, owner ? { whatsapp: new Set([OWNER_NUMBER]) } : {});
    await until(() => sockets.made.length === 1, 'the socket');
    const socket = sockets.last;
    socket.open();
    await transport.whenOpen();
    const chat = (jid: string) => socket.sent.filter((s) => s.jid === jid).map(seenOf);
    const rig: Rig = {
      kev,
      chat: { platform: 'whatsapp', chatId: OWNER_JID },
      maxChars: 4096,
      async ownerSays(text) {
        await rig.ownerSaysAll([text]);
      },
      async ownerSaysAll(texts) {
        const before = kev.handled.length;
        for (const text of texts) socket.receive(message(OWNER_JID, text));
        await kev.settle(before + texts.length);
      },
      // WhatsApp drops a stranger in the transport: Kev never sees the message.
      async strangerSays(text) {
        const before = ignored;
        socket.receive(message(STRANGER_JID, text));
        await until(() => ignored > before, 'the stranger ignored');
        await kev.delivery.drain();
      },
      strangerSeen: () => chat(STRANGER_JID),
      seen: () => chat(OWNER_JID),
      async choose(label) {
        const last = chat(OWNER_JID).findLast((m) => m.choices.length > 0);
        const index = last?.choices.indexOf(label) ?? -1;
        if (index < 0) throw new Error(`no "${label}" among the choices in the owner’s chat`);
        const before = kev.handled.length;
        socket.receive(message(OWNER_JID, String(index + 1)));
        await kev.settle(before + 1);
      },
      async stop() {
        await kev.stop();
        session.cleanup();
      },
    };
    return rig;
  },
};
