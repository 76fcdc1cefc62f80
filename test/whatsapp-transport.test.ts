// The WhatsApp transport with a fake socket (Baileys' own event buffer) where crabline cannot
// reach: LID addresses, self-chat, groups, status, newsletters, undecryptable stubs, old history,
// append upserts, reactions as approvals, voice notes, and long results as documents.

import { afterEach, describe, expect, it } from 'vitest';
import type { AudioClip, Transcribe } from '../src/ports/chat.js';
import { OWNER_JID, OWNER_NUMBER, seedSession } from './fakes/whatsapp/crabline.js';
import { FakeSockets, until } from './fakes/whatsapp/fake-socket.js';
import { sendReview, startWhatsAppStack, type WhatsAppStack } from './fakes/whatsapp/harness.js';
import { tempStore } from './helpers/store.js';

let stack: WhatsAppStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const now = () => Math.floor(Date.now() / 1000);
let n = 0;
const text = (remoteJid: string, body: string, extra: Record<string, unknown> = {}) => ({
  key: { remoteJid, id: `IN${++n}`, fromMe: false, ...extra },
  message: { conversation: body },
  messageTimestamp: now(),
});

async function start(
  options: {
    onAlert?: (text: string) => void;
    user?: { id: string; lid?: string };
    transcribe?: (c: AudioClip) => Promise<{ ok: true; text: string }>;
  } = {},
) {
  const temp = tempStore();
  seedSession(temp.store.whatsapp, options.user?.id ?? '15550000000@s.whatsapp.net');
  temp.store.close();
  const sockets = new FakeSockets(options.user);
  stack = await startWhatsAppStack({
    file: temp.file,
    url: '',
    waitOpen: false,
    ...(options.transcribe ? { transcribe: () => options.transcribe as Transcribe } : {}),
    transport: {
      createSocket: sockets.factory,
      download: async () => Buffer.from('OggS fake audio'),
      ...(options.onAlert ? { onAlert: options.onAlert } : {}),
    },
  });
  await until(() => sockets.made.length === 1, 'the socket');
  sockets.last.open();
  await stack.transport.whenOpen();
  const socket = sockets.last;
  const texts = () => socket.sent.map((s) => String(s.content.text ?? s.content.caption ?? ''));
  return { socket, texts, sockets };
}

describe('WhatsApp inbound', () => {
  it('answers the owner by phone number and by LID (remoteJidAlt or the mapping store), replying to the JID received', async () => {
    const { socket, texts } = await start();
    socket.lids.set('99887766@lid', OWNER_JID);
    socket.receive(text(OWNER_JID, '/help'));
    socket.receive(text('11223344@lid', '/help', { remoteJidAlt: OWNER_JID }));
    socket.receive(text('99887766@lid', '/help'));
    socket.receive(text('55555555@lid', '/help'));
    await until(() => socket.sent.length === 3, 'three answers');
    expect(socket.sent.map((s) => s.jid)).toEqual([OWNER_JID, '11223344@lid', '99887766@lid']);
    expect(texts()[0]).toMatch(/\/status/);
  });

  it('ignores groups, status, newsletters, strangers, undecryptable stubs and old history; reads append upserts once', async () => {
    const { socket } = await start();
    expect(socket.settings.shouldIgnoreJid('120363001234567890@g.us')).toBe(true);
    expect(socket.settings.shouldIgnoreJid('status@broadcast')).toBe(true);
    expect(socket.settings.shouldIgnoreJid('120363000000000000@newsletter')).toBe(true);
    expect(socket.settings.shouldIgnoreJid(OWNER_JID)).toBe(false);
    socket.receive({
      ...text('120363001234567890@g.us', '/help'),
      key: { remoteJid: '120363001234567890@g.us', participant: OWNER_JID, id: 'G1', fromMe: false },
    });
    socket.receive(text('status@broadcast', '/help', { participant: OWNER_JID }));
    socket.receive(text('15559876543@s.whatsapp.net', '/help'));
    socket.receive({
      key: { remoteJid: OWNER_JID, id: 'STUB1', fromMe: false },
      messageStubType: 2,
      messageStubParameters: ['No session'],
      messageTimestamp: now(),
    });
    socket.receive({ ...text(OWNER_JID, '/help'), messageTimestamp: now() - 3 * 24 * 3600 }, 'append');
    const offline = text(OWNER_JID, '/status');
    socket.receive(offline, 'append');
    socket.receive(offline, 'notify');
    await until(() => socket.sent.length >= 1, 'the answer to the append');
    await new Promise((r) => setTimeout(r, 100));
    expect(socket.sent).toHaveLength(1);
    expect(String(socket.sent[0]?.content.text)).toMatch(/task/i);
  });

  it("in self-chat, handles the owner's own messages but never its own sends", async () => {
    const self = `${OWNER_NUMBER}:7@s.whatsapp.net`;
    const { socket } = await start({ user: { id: self, lid: '4242@lid' } });
    socket.receive(text(OWNER_JID, '/help', { fromMe: true }));
    await until(() => socket.sent.length === 1, 'the answer');
    const echo = socket.sent[0];
    // Baileys upserts Kev's own send as an append with fromMe: it must not be read as the owner's.
    socket.receive(
      {
        key: { remoteJid: OWNER_JID, id: echo?.id, fromMe: true },
        message: { conversation: String(echo?.content.text) },
        messageTimestamp: now(),
      },
      'append',
    );
    socket.receive(text('4242@lid', '/status', { fromMe: true }));
    await until(() => socket.sent.length === 2, 'the answer in the LID self-chat');
    await new Promise((r) => setTimeout(r, 100));
    expect(socket.sent).toHaveLength(2);
  });
});

describe('WhatsApp approvals and outgoing', () => {
  it('takes 👍 on the review message as Approve, and a second reaction changes nothing and says so', async () => {
    const { socket, texts } = await start();
    const task = sendReview(stack!);
    await until(() => socket.sent.length === 1, 'the review request');
    const review = socket.sent[0];
    expect(texts()[0]).toMatch(/\*1\* Approve · \*2\* Reject · \*3\* Revise/);
    expect(texts()[0]).toMatch(/react 👍/);
    const react = (emoji: string, id: string) =>
      socket.ev.emit('messages.reaction', [
        {
          key: { remoteJid: OWNER_JID, id: review?.id, fromMe: true },
          reaction: { key: { remoteJid: OWNER_JID, id, fromMe: false }, text: emoji },
        },
      ]);
    react('👍', 'R1');
    await until(() => stack!.store.tasks.get(task.id)?.state === 'done', 'the approval');
    await until(() => texts().some((t) => /Approved #/.test(t)), 'the approval reply');
    react('👎', 'R2');
    await until(() => texts().some((t) => /Already decided: Approve/.test(t)), '"already decided"');
    expect(stack!.store.tasks.get(task.id)?.state).toBe('done');
  });

  it('takes a reply quoting the review with the choice\'s word, and a typed "reject 12" as plain text', async () => {
    const { socket } = await start();
    const task = sendReview(stack!);
    await until(() => socket.sent.length === 1, 'the review request');
    socket.receive({
      key: { remoteJid: OWNER_JID, id: 'Q1', fromMe: false },
      message: { extendedTextMessage: { text: 'Reject', contextInfo: { stanzaId: socket.sent[0]?.id } } },
      messageTimestamp: now(),
    });
    await until(() => stack!.store.tasks.get(task.id)?.state === 'failed', 'the rejection');
    const other = sendReview(stack!);
    await until(() => socket.sent.length >= 3, 'the second review');
    socket.receive(text(OWNER_JID, `approve ${other.id}`));
    await until(() => stack!.store.tasks.get(other.id)?.state === 'done', 'the typed approval');
  });

  it('sends a long result as a document with a caption, and renders emphasis for WhatsApp', async () => {
    const { socket } = await start();
    sendReview(stack!, `**Summary**\n${'x'.repeat(5000)}`);
    await until(() => socket.sent.some((s) => s.content.document), 'the document');
    const doc = socket.sent.find((s) => s.content.document);
    expect(doc?.content.fileName).toMatch(/task-\d+-result\.txt/);
    expect(String(doc?.content.caption)).toMatch(/\*1\* Approve/);
    expect(Buffer.isBuffer(doc?.content.document)).toBe(true);
  });
});

describe('WhatsApp session loss', () => {
  it('on 401 clears the session, stops sending and tells the owner on the other transports how to pair again', async () => {
    const alerts: string[] = [];
    const { socket } = await start({ onAlert: (text) => alerts.push(text) });
    socket.close(401);
    await until(() => alerts.length === 1, 'the alert');
    expect(alerts[0]).toMatch(/WhatsApp: logged out .*pair again, run `kev whatsapp login`/);
    await expect(stack?.transport.send(OWNER_JID, { text: 'hello' })).rejects.toMatchObject({
      kind: 'retry',
    });
  });
});

describe('WhatsApp voice notes', () => {
  const voice = () => ({
    key: { remoteJid: OWNER_JID, id: `V${++n}`, fromMe: false },
    message: { audioMessage: { mimetype: 'audio/ogg; codecs=opus', seconds: 4, ptt: true } },
    messageTimestamp: now(),
  });

  it('handles a voice note as the text it says, quoting the transcript in the reply', async () => {
    const clips: AudioClip[] = [];
    const { socket, texts } = await start({
      transcribe: async (clip) => {
        clips.push(clip);
        return { ok: true, text: '/status' };
      },
    });
    socket.receive(voice());
    await until(() => socket.sent.length === 1, 'the answer');
    expect(texts()[0]).toMatch(/^🎤 "\/status"/);
    expect(clips[0]).toMatchObject({ mimeType: 'audio/ogg; codecs=opus', seconds: 4 });
  });

  it('without a transcriber, tells the owner how to switch voice notes on', async () => {
    const { socket, texts } = await start();
    socket.receive(voice());
    await until(() => socket.sent.length === 1, 'the answer');
    expect(texts()[0]).toMatch(/voice notes are off.*KEV_TRANSCRIBE_BASE_URL/s);
  });
});

describe('WhatsApp when the store fails', () => {
  it('offers a message Kev could not record again until it is kept, then answers it once', async () => {
    const { socket, texts } = await start();
    const conversation = stack!.store.conversation;
    const record = conversation.recordInbound.bind(conversation);
    let refusals = 2;
    conversation.recordInbound = (input) => {
      if (refusals > 0) {
        refusals -= 1;
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }
      return record(input);
    };
    socket.receive(text(OWNER_JID, '/remember kept through a full disk'));
    await until(() => texts().some((t) => /Noted/.test(t)), 'the answer', 15_000);
    expect(refusals).toBe(0);
    expect(stack!.store.memory.list().map((m) => m.text)).toEqual(['kept through a full disk']);
    expect(texts().filter((t) => /Noted/.test(t))).toHaveLength(1);
  });
});
