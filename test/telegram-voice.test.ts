// Voice notes on Telegram: the real grammY bot fetches the note through getFile and the file
// download of the fake Bot API, the real openai SDK transcribes it at the fake transcription
// server, and Kev answers the words with the transcript quoted; without a transcriber the owner
// is told how to switch voice notes on.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTranscriber } from '../src/agents/transcriber.js';
import { openStore } from '../src/db/index.js';
import type { AudioClip, Transcribe } from '../src/ports/chat.js';
import { silentLogger } from '../src/shared/log.js';
import { GatedParser, OWNER, ownerChat, type Stack, startStack } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { type FakeTranscriber, startFakeTranscriber } from './fakes/transcribe/server.js';
import { tempDir } from './helpers/store.js';

let fake: FakeBotApi;
let whisper: FakeTranscriber;
let stack: Stack | undefined;
let file: string;

beforeEach(async () => {
  fake = await startFakeBotApi();
  whisper = await startFakeTranscriber();
  file = `${tempDir('kev-telegram-voice-')}/kev.db`;
});

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await fake.close();
  await whisper.close();
});

describe('Telegram voice notes', () => {
  it('transcribes a voice note, handles the words and quotes them in the reply; the cost is in the ledger', async () => {
    const ledger = openStore(file);
    const transcribe = createTranscriber({
      baseUrl: whisper.baseUrl,
      model: 'whisper-1',
      store: ledger,
      log: silentLogger,
    });
    whisper.script('/help');
    stack = await startStack({ fake, file, parser: new GatedParser(), transport: { transcribe } });
    const audio = Buffer.from('OggS telegram voice');
    fake.world.userVoice(OWNER, audio, 12);
    const reply = await fake.waitFor(() => ownerChat(fake)[0], 'the answer to the voice note');
    expect(reply.text).toMatch(/^🎤 "\/help"/);
    expect(reply.text).toMatch(/\/status/);
    expect(whisper.requests[0]?.audio.equals(audio)).toBe(true);
    expect(ledger.ledger.recent(1)[0]).toMatchObject({ model: 'whisper-1', outcome: 'ok', costMicros: 1200 });
    ledger.close();
  });

  it('without a transcriber, says how to switch voice notes on instead of "empty message"', async () => {
    stack = await startStack({ fake, file });
    fake.world.userVoice(OWNER, Buffer.from('OggS'), 3);
    const reply = await fake.waitFor(() => ownerChat(fake)[0], 'the answer');
    expect(reply.text).toMatch(/voice notes are off.*KEV_TRANSCRIBE_BASE_URL/s);
    expect(reply.text).not.toMatch(/empty message/);
    expect(whisper.requests).toHaveLength(0);
  });

  it('records the note before transcribing it: after a crash mid-transcription the replay transcribes it again', async () => {
    const calls: AudioClip[] = [];
    const slow: Transcribe = (clip) => {
      calls.push(clip);
      return new Promise(() => undefined);
    };
    stack = await startStack({ fake, file, transport: { transcribe: slow, stopGraceMs: 10 } });
    const audio = Buffer.from('OggS slow voice');
    fake.world.userVoice(OWNER, audio, 5);
    await fake.waitFor(() => calls[0], 'the transcription under way');
    expect(stack.store.conversation.unhandled('telegram')).toHaveLength(1);
    stack.store.close(); // the crash
    await stack.transport.stop();
    stack = undefined;

    whisper.script('/help');
    const ledger = openStore(file);
    const transcribe = createTranscriber({
      baseUrl: whisper.baseUrl,
      model: 'whisper-1',
      store: ledger,
      log: silentLogger,
    });
    stack = await startStack({ fake, file, transport: { transcribe } });
    const reply = await fake.waitFor(() => ownerChat(fake)[0], 'the answer after the restart');
    expect(reply.text).toMatch(/^🎤 "\/help"/);
    expect(whisper.requests[0]?.audio.equals(audio)).toBe(true);
    expect(stack.store.conversation.unhandled('telegram')).toHaveLength(0);
    ledger.close();
  });
});
