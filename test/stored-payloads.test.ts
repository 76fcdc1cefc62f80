// Outbox payloads and stored choices are validated with zod when read: a row that no longer parses
// is parked (the outbox item) or closed (the question) with a log line, and nothing else stops.

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/shared/log.js';
import { type KevHarness, kevHarness, ScriptedParser } from './helpers/kev.js';

let h: KevHarness | undefined;
afterEach(() => h?.cleanup());

function capturedLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: 'info', secrets: [], stream }), lines };
}

describe('stored payloads', () => {
  it('parks an outbox item whose payload no longer parses, logs it, and delivers the next one', async () => {
    const { log, lines } = capturedLog();
    h = kevHarness({ log });
    const chat = { platform: 'memory', chatId: 'c1' };
    const bad = h.store.outbox.enqueue({ ...chat, payload: { text: 'placeholder' } });
    h.store.db.$client.prepare('update outbox set payload = ? where id = ?').run('{"txt": 42}', bad.id);
    h.kev.notify(chat, { text: 'the next message' });
    await h.delivery.drain();
    expect(h.transport.texts()).toEqual(['the next message']);
    const parked = h.store.outbox.get(bad.id);
    expect(parked?.parkedAt).not.toBeNull();
    expect(parked?.lastError).toMatch(/^payload no longer parses: text: /);
    expect(lines.join('')).toMatch(/outbox item no longer parses; parked/);
  });

  it('closes a question whose stored choices no longer parse, and runs none of them', async () => {
    const { log, lines } = capturedLog();
    h = kevHarness({
      log,
      parser: new ScriptedParser(() => ({
        kind: 'clarify',
        question: 'Which one?',
        options: [
          { label: 'Status', intent: { kind: 'status' } },
          { label: 'Help', intent: { kind: 'help' } },
        ],
      })),
    });
    const [question] = await h.say('hmm');
    const promptId = question!.promptId!;
    // An older Kev stored an intent this one does not know.
    h.store.db.$client
      .prepare('update prompts set options = ? where id = ?')
      .run(JSON.stringify([{ label: 'Launch', intent: { kind: 'launch_rockets' } }]), promptId);
    const { toast, replies } = await h.tap(promptId, 0);
    expect(toast).toBe('That question can no longer be answered. Ask me again.');
    expect(replies.map((r) => r.text)).toEqual(['That question can no longer be answered. Ask me again.']);
    expect(h.store.prompts.get(promptId)?.answerIndex).toBe(-1);
    const again = await h.tap(promptId, 0);
    expect(again.toast).toBe('That question can no longer be answered. Ask me again.');
    expect(lines.join('').match(/stored choices no longer parse; question closed/g)).toHaveLength(1);
  });

  it('still answers a question whose stored choices parse', async () => {
    h = kevHarness({
      parser: new ScriptedParser(() => ({
        kind: 'clarify',
        question: 'Which one?',
        options: [
          { label: 'Remember', intent: { kind: 'remember', fact: 'the launch is Friday' } },
          { label: 'Help', intent: { kind: 'help' } },
        ],
      })),
    });
    const [question] = await h.say('hmm');
    const { replies } = await h.tap(question!.promptId!, 0);
    expect(replies[0]?.text).toMatch(/^Noted \(memory 1\): the launch is Friday$/);
  });
});
