// Restarts on Telegram: updates Telegram delivers again (a crash before the offset was confirmed)
// are not handled twice, and an update recorded but never finished is handled once after restart.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GatedParser,
  OWNER,
  ownerChat,
  type Stack,
  say,
  sendReview,
  startStack,
  tap,
} from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { tempDir } from './helpers/store.js';

let fake: FakeBotApi;
let stacks: Stack[] = [];
let file: string;

beforeEach(async () => {
  fake = await startFakeBotApi();
  file = `${tempDir('kev-telegram-')}/kev.db`;
});

afterEach(async () => {
  for (const stack of stacks) await stack.stop();
  stacks = [];
  await fake.close();
});

async function start(parser?: GatedParser, stopGraceMs?: number): Promise<Stack> {
  const stack = await startStack({
    fake,
    file,
    ...(parser ? { parser } : {}),
    ...(stopGraceMs !== undefined ? { transport: { stopGraceMs } } : {}),
  });
  stacks.push(stack);
  return stack;
}

describe('Telegram across restarts', () => {
  it('confirms the offset on stop, and drops updates Telegram delivers again after a crash', async () => {
    const first = await start();
    await say(fake, 'first message');
    await say(fake, '/status');
    sendReview(first);
    const request = await fake.waitFor(() => ownerChat(fake).find((m) => m.buttons.length > 0), 'the review');
    await tap(fake, request, 'Approve');
    await fake.waitFor(() => request.edits === 1, 'the edit');
    await first.delivery.drain();
    await first.stop();
    const lastUpdate = fake.world.updates.at(-1)?.update_id ?? 0;
    expect(fake.world.confirmedOffset).toBe(lastUpdate + 1);
    const sent = ownerChat(fake).length;

    // As if the process had died before confirming: Telegram offers every update again.
    fake.forgetConfirmations();
    await start();
    await fake.waitFor(
      () => fake.callsTo('getUpdates').some((c) => c.status === 200 && Number(c.params.offset) === 0),
      'the re-poll',
    );
    // Replies leave in order, so once the answer to /help is there, any re-handled reply would be too.
    fake.world.userText(OWNER, '/help');
    await fake.waitFor(
      () =>
        ownerChat(fake)
          .slice(sent)
          .some((m) => m.text.includes('/remember')),
      'the help',
    );
    expect(ownerChat(fake).length).toBe(sent + 1);
    expect(request.edits).toBe(1);
  });

  it('handles once, after restart, a message that was recorded but not finished when the process died', async () => {
    const held = new GatedParser();
    const first = await start(held, 0);
    await say(fake, '/start');
    fake.world.userText(OWNER, 'a slow question about pricing');
    await fake.waitFor(() => held.seen.includes('a slow question about pricing'), 'the parse to start');
    const before = ownerChat(fake).length;
    // The parse never finishes: the process "dies" with the message recorded but unanswered.
    await first.stop();

    await start(new GatedParser(() => false));
    await fake.waitFor(() => ownerChat(fake)[before], 'the replayed answer');
    const status = await say(fake, '/status');
    expect(status.text).toMatch(/Tasks/i);
    expect(ownerChat(fake).length).toBe(before + 2);
    const row = stacks[1]?.store.conversation
      .recent('telegram', String(OWNER.id))
      .find((m) => m.text.includes('pricing'));
    expect(row?.handledAt).not.toBeNull();
  });
});
