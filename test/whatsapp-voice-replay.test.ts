// A WhatsApp voice note is recorded before it is transcribed: a crash mid-transcription (the store
// closed under a slow transcriber) loses nothing, and the replay at the next start downloads and
// transcribes it again. While the transcription runs the owner sees "typing…" (sendPresenceUpdate).

import { afterEach, describe, expect, it } from 'vitest';
import type { AudioClip, Transcribe } from '../src/ports/chat.js';
import { OWNER_JID, seedSession } from './fakes/whatsapp/crabline.js';
import { FakeSockets, until } from './fakes/whatsapp/fake-socket.js';
import { startWhatsAppStack, type WhatsAppStack } from './fakes/whatsapp/harness.js';
import { tempStore } from './helpers/store.js';

let stack: WhatsAppStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const voiceNote = {
  key: { remoteJid: OWNER_JID, id: 'VOICE1', fromMe: false },
  message: {
    audioMessage: {
      mimetype: 'audio/ogg; codecs=opus',
      seconds: 3,
      ptt: true,
      mediaKey: Buffer.from('media-key-bytes'),
      directPath: '/v/t62.7117-24/voice.enc',
    },
  },
  messageTimestamp: Math.floor(Date.now() / 1000),
};

async function boot(file: string, transcribe: Transcribe, downloads: unknown[]) {
  const sockets = new FakeSockets();
  const started = await startWhatsAppStack({
    file,
    url: '',
    waitOpen: false,
    transcribe: () => transcribe,
    transport: {
      createSocket: sockets.factory,
      typingDelayMs: 0,
      stopGraceMs: 10,
      download: async (message) => {
        downloads.push(message);
        return Buffer.from('OggS fake audio');
      },
    },
  });
  await until(() => sockets.made.length === 1, 'the socket');
  sockets.last.open();
  await started.transport.whenOpen();
  return { started, socket: sockets.last };
}

describe('WhatsApp voice notes survive a crash mid-transcription', () => {
  it('records the note before transcribing, shows typing, and transcribes it again on replay', async () => {
    const temp = tempStore();
    seedSession(temp.store.whatsapp, '15550000000@s.whatsapp.net');
    temp.store.close();

    // First run: the transcriber is slow and never answers; the process "dies" mid-call.
    const first: AudioClip[] = [];
    const slow: Transcribe = (clip) => {
      first.push(clip);
      return new Promise(() => undefined);
    };
    const one = await boot(temp.file, slow, []);
    one.socket.receive(voiceNote);
    await until(() => first.length === 1, 'the transcription under way');
    const unhandled = one.started.store.conversation.unhandled('whatsapp');
    expect(unhandled).toHaveLength(1);
    expect(unhandled[0]?.externalId).toBe('VOICE1');
    await until(() => one.socket.presences.length > 0, 'typing');
    expect(one.socket.presences[0]).toEqual({ type: 'composing', jid: OWNER_JID });
    expect(one.socket.sent).toHaveLength(0);
    one.started.store.close(); // the crash: the database goes away under the pending call
    await one.started.transport.stop();

    // Second run: the replay fetches the note again from its recorded ref and transcribes it.
    const downloads: Array<{ key: { id: string }; message: { audioMessage: { directPath: string } } }> = [];
    const clips: AudioClip[] = [];
    const two = await boot(
      temp.file,
      async (clip) => {
        clips.push(clip);
        return { ok: true, text: '/status' };
      },
      downloads,
    );
    stack = two.started;
    expect(downloads[0]?.key.id).toBe('VOICE1');
    expect(downloads[0]?.message.audioMessage.directPath).toBe('/v/t62.7117-24/voice.enc');
    expect(clips[0]).toMatchObject({ mimeType: 'audio/ogg; codecs=opus', seconds: 3 });
    await until(() => two.socket.sent.length === 1, 'the answer after the restart');
    expect(String(two.socket.sent[0]?.content.text)).toMatch(/^🎤 "\/status"/);
    expect(stack.store.conversation.unhandled('whatsapp')).toHaveLength(0);
    const row = stack.store.conversation.recent('whatsapp', OWNER_JID).find((m) => m.externalId === 'VOICE1');
    expect(row?.text).toBe('/status');
  });
});
