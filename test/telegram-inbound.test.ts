// Odd updates at the Telegram transport's edge, over the fake Bot API: a text that is not a string,
// a message or a tap without its chat are dropped with one warning each, nothing throws, nothing is
// recorded, a tap's spinner still stops, and the next ordinary message is answered as usual.

import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, type Stack, say, startStack } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { tempDir } from './helpers/store.js';

let fake: FakeBotApi;
let stack: Stack | undefined;
let file: string;

beforeEach(async () => {
  fake = await startFakeBotApi();
  file = `${tempDir('kev-telegram-inbound-')}/kev.db`;
});

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await fake.close();
});

const from = { id: OWNER.id, is_bot: false, first_name: OWNER.first_name };
const chat = { id: OWNER.id, type: 'private', first_name: OWNER.first_name };
const date = Math.floor(Date.now() / 1000);

/** Queues an update as the fake would serve it, shape unchecked (Telegram's own can surprise). */
function queueRaw(body: Record<string, unknown>): void {
  fake.world.queue(body as unknown as Omit<Update, 'update_id'>);
}

function logLines(s: Stack): Array<{ level: number; msg: string; problem?: string }> {
  return s
    .logText()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: number; msg: string; problem?: string });
}

describe('odd Telegram updates', () => {
  it('drops a text that is not a string and a message without chat, then answers the next message', async () => {
    stack = await startStack({ fake, file });
    queueRaw({ message: { message_id: 900, date, chat, from, text: 42 } });
    queueRaw({ message: { message_id: 901, date, from, text: 'no chat here' } });
    const reply = await say(fake, '/help');
    expect(reply.text).toContain('/approve');

    const lines = logLines(stack);
    expect(
      lines.filter((l) => l.msg === 'dropped a Telegram update Kev cannot read').map((l) => l.problem),
    ).toEqual([expect.stringMatching(/^message\.text: /), expect.stringMatching(/^message\.chat: /)]);
    // No error, and no failure of handling further in.
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(stack.logText()).not.toContain('handling a Telegram update failed');
    expect(stack.logText()).not.toContain('dispatching a Telegram update failed');
    const inbound = stack.store.conversation
      .recent('telegram', String(OWNER.id), 50)
      .filter((m) => m.direction === 'in');
    expect(inbound.map((m) => m.text)).toEqual(['/help']);
  });

  it('drops a tap whose message has no chat, and still stops its spinner', async () => {
    stack = await startStack({ fake, file });
    queueRaw({
      callback_query: {
        id: 'odd-tap',
        from,
        chat_instance: '1',
        data: 'p:1:0',
        message: { message_id: 5, date, text: 'a question' },
      },
    });
    const answered = await fake.waitFor(
      () => fake.callsTo('answerCallbackQuery').find((c) => c.params.callback_query_id === 'odd-tap'),
      'the odd tap answered',
    );
    expect(answered.params.text).toBeUndefined();
    await say(fake, '/help');
    const lines = logLines(stack);
    expect(lines.find((l) => l.msg === 'dropped a Telegram update Kev cannot read')?.problem).toMatch(
      /^callback_query\.message\.chat: /,
    );
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});
