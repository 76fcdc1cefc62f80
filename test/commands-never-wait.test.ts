// Commands and taps never wait: while a free-text message of the chat is with a (slow) model,
// slash commands and control words are answered first; free texts keep their order.
// The fake model answers late; the test asserts the order of the replies, not any time.

import { afterEach, describe, expect, it } from 'vitest';
import { jsonReply, slow, textReply } from './fakes/llm/index.js';
import { type KevHarness, kevHarness } from './helpers/kev.js';
import { answer, type FakeTriage, fakeTriage, task } from './helpers/llm-triage.js';

let h: KevHarness | undefined;
let t: FakeTriage | undefined;
afterEach(async () => {
  h?.cleanup();
  await t?.fake.close();
});

const base = { platform: 'memory', chatId: 'c1', userId: 'owner', chatType: 'private' as const };

describe('commands never wait behind a model call', () => {
  it('answers /status and "stop" while a question is with the model; free text keeps its order', async () => {
    t = await fakeTriage();
    h = kevHarness({ parser: t.parser, configured: ['cerebras'] });
    const running = h.store.tasks.create({
      title: 'Compare vector databases',
      type: 'research',
      agent: 'Scout',
    });
    h.store.tasks.claim('w', 60_000);
    t.fake.script(
      jsonReply(answer('chat', { text: 'what is Scout working on?' })),
      slow(3000, textReply('Scout is on #1: Compare vector databases.')),
      jsonReply(answer('new_task', { tasks: [task('Research Coda pricing', 'research', 'Scout')] })),
    );
    const question = h.kev.handle({
      ...base,
      kind: 'text',
      text: 'what is Scout working on?',
      messageId: 'q',
    });
    await t.fake.waitForRequests(2);
    // The answer is still with the model: a second free text waits, commands do not.
    const later = h.kev.handle({ ...base, kind: 'text', text: 'research Coda pricing', messageId: 'later' });
    await h.kev.handle({ ...base, kind: 'text', text: '/status', messageId: 's' });
    await h.kev.handle({ ...base, kind: 'text', text: 'stop', messageId: 'stop' });
    await Promise.all([question, later]);
    await h.delivery.drain();
    const texts = h.transport.texts();
    const at = (pattern: RegExp) => texts.findIndex((x) => pattern.test(x));
    expect(at(/^Kev is running/)).toBeGreaterThanOrEqual(0);
    expect(at(/^Kev is running/)).toBeLessThan(at(/^Scout is on #1/));
    expect(at(/^Cancelled #1/)).toBeLessThan(at(/^Scout is on #1/));
    expect(at(/^Scout is on #1/)).toBeLessThan(at(/^Queued #2/));
    expect(h.store.tasks.get(running.id)?.state).toBe('cancelled');
  });
});
