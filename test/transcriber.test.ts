// The transcriber: the real openai SDK against a fake audio/transcriptions server; each call is
// one ledger row charged by the clip's length; a failure is a value, charged nothing.

import { afterEach, describe, expect, it } from 'vitest';
import { createTranscriber, transcriptionCostMicros } from '../src/agents/transcriber.js';
import { silentLogger } from '../src/shared/log.js';
import { type FakeTranscriber, startFakeTranscriber } from './fakes/transcribe/server.js';
import { type TempStore, tempStore } from './helpers/store.js';

let fake: FakeTranscriber | undefined;
let temp: TempStore | undefined;
afterEach(async () => {
  await fake?.close();
  temp?.cleanup();
});

const clip = {
  data: Buffer.from('OggS fake opus'),
  mimeType: 'audio/ogg; codecs=opus',
  seconds: 30,
  filename: 'voice-1.ogg',
};

describe('transcriber', () => {
  it('sends the audio with the model and key, returns the text, and charges the ledger', async () => {
    fake = await startFakeTranscriber();
    temp = tempStore();
    fake.script('  research the best vector databases  ');
    const transcribe = createTranscriber({
      baseUrl: fake.baseUrl,
      apiKey: 'gsk-test-key',
      model: 'whisper-1',
      store: temp.store,
      log: silentLogger,
    });
    expect(await transcribe(clip)).toEqual({ ok: true, text: 'research the best vector databases' });
    expect(fake.requests[0]).toMatchObject({
      model: 'whisper-1',
      filename: 'voice-1.ogg',
      authorization: 'Bearer gsk-test-key',
    });
    expect(fake.requests[0]?.audio.toString()).toBe('OggS fake opus');
    const [run] = temp.store.ledger.recent(1);
    expect(run).toMatchObject({
      taskId: null,
      agent: 'Kev',
      model: 'whisper-1',
      outcome: 'ok',
      costMicros: 3000,
    });
  });

  it('turns a server error into a value and charges nothing', async () => {
    fake = await startFakeTranscriber();
    temp = tempStore();
    fake.script(500, 500);
    const transcribe = createTranscriber({
      baseUrl: fake.baseUrl,
      model: 'whisper-large-v3',
      store: temp.store,
      log: silentLogger,
    });
    expect(await transcribe(clip)).toEqual({ ok: false, reason: 'the transcription service failed' });
    expect(temp.store.ledger.recent(1)[0]).toMatchObject({ outcome: 'error', costMicros: 0 });
  });

  it('prices by the minute from its table; an unknown (local) model is free', () => {
    expect(transcriptionCostMicros('whisper-1', 60)).toBe(6000);
    expect(transcriptionCostMicros('gpt-4o-mini-transcribe', 120)).toBe(6000);
    expect(transcriptionCostMicros('my-local-whisper', 600)).toBe(0);
    expect(transcriptionCostMicros('whisper-1', undefined)).toBe(6000);
  });
});
