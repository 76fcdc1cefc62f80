// The WhatsApp transport end to end against crabline (a mock WhatsApp Web server speaking the real
// Noise handshake): the owner is answered, strangers, groups and status are ignored, a message
// delivered twice is handled once, approvals by number, and a restart keeps the session.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTranscriber } from '../src/agents/transcriber.js';
import { openStore } from '../src/db/index.js';
import { silentLogger } from '../src/shared/log.js';
import { startFakeTranscriber } from './fakes/transcribe/server.js';
import {
  type CrablineFake,
  OWNER_JID,
  STRANGER_JID,
  seedSession,
  startCrabline,
} from './fakes/whatsapp/crabline.js';
import { sendReview, startWhatsAppStack, type WhatsAppStack } from './fakes/whatsapp/harness.js';
import { tempDir } from './helpers/store.js';

let fake: CrablineFake | undefined;
let stack: WhatsAppStack | undefined;

afterEach(async () => {
  await stack?.stop();
  await fake?.close();
  stack = undefined;
  fake = undefined;
});

function seeded(dir: string, selfJid: string): string {
  const file = join(dir, 'kev.db');
  const store = openStore(file);
  seedSession(store.whatsapp, selfJid);
  store.close();
  return file;
}

async function reply(f: CrablineFake, after: number, what: string) {
  return f.waitFor(() => f.sent[after], what);
}

describe('WhatsApp transport against crabline', () => {
  // Groups and status are covered with the fake socket (test/whatsapp-transport.test.ts): crabline
  // 0.1.27 closes the socket (1002 "Unsupported WhatsApp single-byte token: 168.") when Baileys
  // NACKs a group message it ignores by shouldIgnoreJid, and takes no status@broadcast ingress.
  it('answers the owner and ignores a stranger', async () => {
    fake = await startCrabline();
    const file = seeded(tempDir(), fake.manifest.selfJid);
    stack = await startWhatsAppStack({ file, url: fake.url });
    await fake.say('/status', { from: STRANGER_JID });
    await fake.say('/help');
    const first = await reply(fake, 0, 'the reply to /help');
    expect(first.to).toBe(OWNER_JID);
    expect(first.text).toMatch(/\/status/);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sent.map((s) => s.to)).toEqual([OWNER_JID]);
    expect(stack.logText()).toMatch(/not the owner/);
  });

  it('lists numbered choices on a review and takes the number as the decision, once', async () => {
    fake = await startCrabline();
    const f = fake;
    const file = seeded(tempDir(), f.manifest.selfJid);
    stack = await startWhatsAppStack({ file, url: f.url });
    const task = sendReview(stack);
    const review = await reply(f, 0, 'the review request');
    expect(review.text).toMatch(new RegExp(`Review #${task.id}`));
    expect(review.text).toMatch(/\*1\* Approve · \*2\* Reject · \*3\* Revise/);
    await f.say('1');
    const decided = await f.waitFor(() => f.sent.find((s) => /Approved #/.test(s.text)), 'the approval');
    expect(decided.to).toBe(OWNER_JID);
    expect(stack.store.tasks.get(task.id)?.state).toBe('done');
    await f.say('2');
    await f.waitFor(() => f.sent.find((s) => /Already decided/.test(s.text)), '"already decided"');
    expect(stack.store.tasks.get(task.id)?.state).toBe('done');
  });

  it('handles a message delivered twice once, and keeps the session over a restart', async () => {
    const dir = tempDir();
    fake = await startCrabline();
    const port = Number(new URL(fake.manifest.baseUrl).port);
    const accessToken = fake.manifest.accessToken;
    const file = seeded(dir, fake.manifest.selfJid);
    stack = await startWhatsAppStack({ file, url: fake.url });
    await fake.say('/status', { messageId: 'DUP1' });
    await reply(fake, 0, 'the first answer');
    await stack.stop();
    await fake.close();
    // The same session (nothing seeded again) on a new server: WhatsApp delivers DUP1 again.
    fake = await startCrabline({ port, accessToken });
    stack = await startWhatsAppStack({ file, url: fake.url });
    await fake.say('/status', { messageId: 'DUP1' });
    await fake.say('/help', { messageId: 'NEW2' });
    const answer = await reply(fake, 0, 'the answer after the restart');
    expect(answer.text).toMatch(/\/status/);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sent).toHaveLength(1);
  });

  it('downloads a voice note from WhatsApp, transcribes it and answers the text, quoting it', async () => {
    fake = await startCrabline();
    const f = fake;
    const whisper = await startFakeTranscriber();
    try {
      whisper.script('/help');
      const file = seeded(tempDir(), f.manifest.selfJid);
      stack = await startWhatsAppStack({
        file,
        url: f.url,
        transcribe: (store) =>
          createTranscriber({ baseUrl: whisper.baseUrl, model: 'whisper-1', store, log: silentLogger }),
      });
      const audio = Buffer.from('OggS\0fake opus voice note bytes');
      await f.voice(audio);
      const answer = await reply(f, 0, 'the answer to the voice note');
      expect(answer.text).toMatch(/^🎤 "\/help"\n\n/);
      expect(answer.text).toMatch(/\/status/);
      // Baileys fetched and decrypted crabline's media: the transcriber got the very bytes.
      expect(whisper.requests[0]?.audio.equals(audio)).toBe(true);
      expect(stack.store.ledger.recent(1)[0]).toMatchObject({ model: 'whisper-1', outcome: 'ok' });
    } finally {
      await whisper.close();
    }
  });
});
