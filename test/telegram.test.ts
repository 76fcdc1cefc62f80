// End to end on Telegram: the real grammY bot against the fake Bot API. The owner chats, strangers
// are ignored, every command answers, reviews are decided by a tap, and a tap is answered even
// while a slow parse holds another message.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/kev/commands.js';
import {
  GatedParser,
  OWNER,
  ownerChat,
  STRANGER,
  type Stack,
  say,
  sendReview,
  startStack,
  tap,
} from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { tempDir } from './helpers/store.js';

let fake: FakeBotApi;
let stack: Stack | undefined;
let file: string;

beforeEach(async () => {
  fake = await startFakeBotApi();
  file = `${tempDir('kev-telegram-')}/kev.db`;
});

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await fake.close();
});

describe('Telegram transport, end to end', () => {
  it('answers the owner in HTML, sets the command menu for the owner’s chat, and polls with allowed updates', async () => {
    stack = await startStack({ fake, file });
    const reply = await say(fake, 'hello Kev');
    expect(reply.text.length).toBeGreaterThan(0);
    expect(reply.parseMode).toBe('HTML');
    const [menu] = await fake.waitFor(
      () => fake.world.commands.length > 0 && fake.world.commands,
      'setMyCommands',
    );
    expect(menu?.scope).toEqual({ type: 'chat', chat_id: String(OWNER.id) });
    const commands = (menu?.commands ?? []) as Array<{ command: string }>;
    expect(commands.map((c) => c.command)).toEqual(COMMANDS.map((c) => c.name));
    const poll = fake.callsTo('getUpdates').find((c) => c.params.timeout === 1);
    expect(poll?.params.allowed_updates).toEqual(['message', 'callback_query']);
    expect(fake.callsTo('deleteWebhook').length).toBe(1);
  });

  it('ignores a stranger: nothing sent, no typing, nothing stored, logged with the user id', async () => {
    stack = await startStack({ fake, file });
    fake.world.userText(STRANGER, 'hi, who are you?');
    fake.world.userText(STRANGER, '/status');
    // The owner's message after the stranger's proves the stranger's were read and dropped.
    await say(fake, 'hello');
    expect(fake.world.messages(STRANGER.id)).toEqual([]);
    expect(fake.world.chatActions.filter((a) => a.chatId === STRANGER.id)).toEqual([]);
    expect(stack.store.conversation.recent('telegram', String(STRANGER.id))).toEqual([]);
    expect(stack.logText()).toContain(`"userId":"${STRANGER.id}"`);
  });

  it('drops the owner’s messages in a group chat', async () => {
    stack = await startStack({ fake, file });
    const group = { id: -100200300, type: 'supergroup' as const, title: 'Team' };
    fake.world.userText(OWNER, '/status', group);
    await say(fake, 'hello');
    expect(fake.world.messages(group.id)).toEqual([]);
  });

  it('answers every slash command', async () => {
    stack = await startStack({ fake, file });
    for (const command of COMMANDS) {
      const reply = await say(fake, `/${command.name}`);
      expect(reply.text, `/${command.name}`).not.toMatch(/went wrong/);
    }
  });

  it('approves a review with a tap: answered with a toast, the message edited to the decision, buttons gone', async () => {
    stack = await startStack({ fake, file });
    await say(fake, '/start');
    const task = sendReview(stack);
    const request = await fake.waitFor(
      () => ownerChat(fake).find((m) => m.text.startsWith(`Review #${task.id}`)),
      'the review',
    );
    expect(request.buttons.flat().map((b) => b.text)).toEqual(['Approve', 'Reject', 'Revise']);
    for (const b of request.buttons.flat()) expect(Buffer.byteLength(b.data)).toBeLessThan(64);

    const { answer } = await tap(fake, request, 'Approve');
    expect(answer).toMatch(/Approved #\d+/);
    await fake.waitFor(() => request.edits > 0 && request.buttons.length === 0, 'the edit');
    expect(request.text).toMatch(/→ Approved/);
    expect(stack.store.tasks.require(task.id).state).toBe('done');
  });

  it('a second tap on a decided review says so and changes nothing', async () => {
    stack = await startStack({ fake, file });
    await say(fake, '/start');
    const task = sendReview(stack);
    const request = await fake.waitFor(() => ownerChat(fake).find((m) => m.buttons.length > 0), 'the review');
    const keyboardOnScreen = structuredClone(request.buttons);
    await tap(fake, request, 'Approve');
    await fake.waitFor(() => request.edits > 0, 'the edit');
    const sentBefore = fake.callsTo('sendMessage').length;
    const editsBefore = request.edits;

    // A phone that has not yet shown the edit still has the buttons: tap another one.
    const second = await tap(fake, { ...request, buttons: keyboardOnScreen }, 'Reject');
    expect(second.answer).toBe('Already decided: Approve.');
    await say(fake, '/status');
    expect(fake.callsTo('sendMessage').length).toBe(sentBefore + 1);
    expect(request.edits).toBe(editsBefore);
    expect(stack.store.tasks.require(task.id).state).toBe('done');
  });

  it('gives a stranger’s tap an empty answer and nothing else', async () => {
    stack = await startStack({ fake, file });
    await say(fake, '/start');
    const task = sendReview(stack);
    const request = await fake.waitFor(() => ownerChat(fake).find((m) => m.buttons.length > 0), 'the review');
    const { answer } = await tap(fake, request, 'Approve', STRANGER);
    expect(answer).toBeUndefined();
    expect(stack.store.tasks.require(task.id).state).toBe('review');
    expect(request.edits).toBe(0);
    expect(fake.world.messages(STRANGER.id)).toEqual([]);
  });

  it('answers a tap while another message is still held by a slow parser, and shows typing meanwhile', async () => {
    const parser = new GatedParser();
    stack = await startStack({ fake, file, parser });
    await say(fake, '/start');
    sendReview(stack);
    const request = await fake.waitFor(() => ownerChat(fake).find((m) => m.buttons.length > 0), 'the review');

    fake.world.userText(OWNER, 'a slow question about pricing');
    await fake.waitFor(
      () => parser.seen.includes('a slow question about pricing'),
      'the slow parse to start',
    );
    await fake.waitFor(
      () => fake.world.chatActions.some((a) => a.chatId === OWNER.id && a.action === 'typing'),
      'typing',
    );

    const { answer } = await tap(fake, request, 'Approve');
    expect(answer).toMatch(/Approved/);
    expect(parser.released).toBe(false);

    const before = ownerChat(fake).length;
    parser.open();
    const late = await fake.waitFor(
      () =>
        ownerChat(fake)
          .slice(before)
          .find((m) => !m.text.includes('Approved')),
      'the slow reply',
    );
    expect(late.text.length).toBeGreaterThan(0);
  });

  it('starts and keeps working when the Bot API server lacks setMyCommands', async () => {
    await fake.close();
    fake = await startFakeBotApi({ lacks: ['setMyCommands'] });
    stack = await startStack({ fake, file });
    const reply = await say(fake, '/help');
    expect(reply.text).toContain('/status');
    await fake.waitFor(() => stack?.logText().includes('could not set the command menu'), 'the warning');
    expect(fake.callsTo('setMyCommands')[0]?.status).toBe(404);
  });

  it('refuses to start with a token Telegram rejects, saying what to check', async () => {
    const { TelegramTransport } = await import('../src/bot/telegram.js');
    const { silentLogger } = await import('../src/shared/log.js');
    const transport = new TelegramTransport({
      token: '999:wrong-token-for-this-server',
      apiRoot: fake.url,
      ownerChats: [],
      commands: [],
      log: silentLogger,
    });
    await expect(transport.start(async () => ({ handled: true }))).rejects.toThrow(
      /TELEGRAM_BOT_TOKEN.*@BotFather/,
    );
  });
});
