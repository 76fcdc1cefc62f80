// Start-up replay of updates a dead process recorded but never handled: in the chat's order (ids
// that cross a power of ten, taps among texts), and a refused oversized message replays as the
// refusal, never as the stub it was recorded as.

import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/db/index.js';
import { Kev } from '../src/kev/kev.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { silentLogger } from '../src/shared/log.js';
import { type KevHarness, kevHarness, ScriptedParser } from './helpers/kev.js';

let h: KevHarness | undefined;

afterEach(() => {
  h?.cleanup();
  h = undefined;
});

const queueAnything = () =>
  new ScriptedParser((text) => ({
    kind: 'new_task',
    tasks: [{ title: text.slice(0, 60), body: text, type: 'research', agent: 'Scout' }],
  }));

function record(
  harness: KevHarness,
  externalId: string,
  text: string,
  choice?: { promptId: number; index: number },
): void {
  harness.store.conversation.recordInbound({
    platform: 'memory',
    chatId: 'c1',
    userId: 'owner',
    externalId,
    text,
    ...(choice ? { choice } : {}),
  });
}

describe('replay order', () => {
  it('returns unhandled rows in recording order, across 9999 → 10000 and with taps among texts', () => {
    h = kevHarness();
    const ids = ['7:c1:9998', '7:c1:9999', '7:cb:4711', '7:c1:10000', '7:c1:10001'];
    for (const id of ids) record(h, id, `message ${id}`);
    expect(h.store.conversation.unhandled('memory').map((m) => m.externalId)).toEqual(ids);
  });

  it('hands the replayed texts to the parser in the chat’s order', async () => {
    const parser = new ScriptedParser((text) => ({ kind: 'chat', question: text }));
    h = kevHarness({ parser });
    record(h, '7:c1:9999', 'first');
    record(h, '7:cb:1', '(tapped option 1 of question 99)', { promptId: 99, index: 0 });
    record(h, '7:c1:10000', 'second');
    expect(await h.kev.replayUnhandled('memory')).toBe(3);
    expect(parser.seen).toEqual(['first', 'second']);
    await h.delivery.drain();
    expect(h.transport.texts()[1]).toBe('That question is no longer open.');
  });
});

describe('a refused oversized message', () => {
  it('replays as the refusal when Kev died before the refusal committed', async () => {
    const parser = queueAnything();
    h = kevHarness({ parser, maxMessageBytes: 10_000 });
    // The process that dies: same file, its own connection, closed right after the message is recorded.
    const dying = openStore(h.file, h.clock.read);
    const doomed = new Kev({
      store: dying,
      policy: DEFAULT_POLICY,
      parser,
      draft: (text) => ({ title: text.slice(0, 80), body: text, type: 'research', agent: 'Scout' }),
      owners: { memory: new Set(['owner']) },
      configured: new Set(),
      timezone: 'UTC',
      budget: { dailyUsd: 5, taskUsd: 1 },
      maxMessageBytes: 10_000,
      log: silentLogger,
    });
    const handling = doomed.handle({
      platform: 'memory',
      chatId: 'c1',
      userId: 'owner',
      chatType: 'private',
      kind: 'text',
      messageId: 'big-1',
      text: `research oversized ${'x'.repeat(20_000)}`,
    });
    dying.close();
    await handling.catch(() => undefined);
    expect(h.store.conversation.unhandled('memory')).toHaveLength(1);

    expect(await h.kev.replayUnhandled('memory')).toBe(1);
    await h.delivery.drain();
    expect(h.store.tasks.list()).toEqual([]);
    expect(parser.seen).toEqual([]);
    expect(h.transport.texts()).toEqual([
      expect.stringMatching(/^That message is 20 KB; I take up to 10 KB/),
    ]);
    expect(h.store.conversation.unhandled('memory')).toEqual([]);
  });

  it('refuses a redelivered oversized message again, even when the recorded stub is small', async () => {
    h = kevHarness({ parser: queueAnything(), maxMessageBytes: 10_000 });
    h.store.conversation.recordInbound({
      platform: 'memory',
      chatId: 'c1',
      userId: 'owner',
      externalId: 'big-2',
      text: 'research oversized xxxx… [refused: 20 KB]',
      refusedBytes: 20_000,
    });
    const replies = await h.say('research oversized xxxx… [refused: 20 KB]', 'big-2');
    expect(replies.map((r) => r.text)).toEqual([expect.stringMatching(/^That message is 20 KB/)]);
    expect(h.store.tasks.list()).toEqual([]);
  });
});
