// Webhook mode: setWebhook with a secret at start, the local listener refuses requests without the
// secret (401), records an update before answering 200, and handles a redelivered update once.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TelegramOptions } from '../src/bot/telegram.js';
import { GatedParser, OWNER, ownerChat, type Stack, say, startStack } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { freePort } from './helpers/net.js';
import { tempDir } from './helpers/store.js';

let fake: FakeBotApi;
let stack: Stack | undefined;
let file: string;
const SECRET = 'webhook-secret_for-tests';

async function startWebhook(secret: string | undefined, parser?: GatedParser): Promise<{ url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/telegram`;
  const webhook: TelegramOptions['webhook'] = { url, secret, port, host: '127.0.0.1' };
  stack = await startStack({ fake, file, ...(parser ? { parser } : {}), transport: { webhook } });
  return { url };
}

function post(url: string, body: unknown, secret?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
    },
    body: JSON.stringify(body),
  });
}

beforeEach(async () => {
  fake = await startFakeBotApi();
  file = `${tempDir('kev-telegram-')}/kev.db`;
});

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await fake.close();
});

describe('Telegram webhook mode', () => {
  it('sets the webhook with its secret, answers updates Telegram posts, and never polls', async () => {
    const { url } = await startWebhook(SECRET);
    expect(fake.world.webhook).toEqual({ url, secret: SECRET, allowed: ['message', 'callback_query'] });
    const reply = await say(fake, '/help');
    expect(reply.text).toContain('/status');
    expect(fake.webhookDeliveries.at(-1)?.status).toBe(200);
    expect(fake.callsTo('getUpdates')).toEqual([]);
  });

  it('refuses a request without the secret, or with a wrong one (401), and stores nothing', async () => {
    const { url } = await startWebhook(SECRET);
    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: OWNER.id, type: 'private' },
        from: { id: OWNER.id, is_bot: false, first_name: 'Owner' },
        text: '/status',
      },
    };
    expect((await post(url, update)).status).toBe(401);
    expect((await post(url, update, 'not-the-secret')).status).toBe(401);
    expect(stack?.store.conversation.recent('telegram', String(OWNER.id))).toEqual([]);
    expect(fake.callsTo('sendMessage')).toEqual([]);
  });

  it('records the update before answering 200, even while its parse is still under way', async () => {
    const parser = new GatedParser();
    const { url } = await startWebhook(SECRET, parser);
    fake.world.privateChat(OWNER);
    const text = 'a slow question about invoices';
    const update = {
      update_id: 7,
      message: {
        message_id: 70,
        date: 0,
        chat: { id: OWNER.id, type: 'private' },
        from: { id: OWNER.id, is_bot: false, first_name: 'Owner' },
        text,
      },
    };
    const response = await post(url, update, SECRET);
    expect(response.status).toBe(200);
    expect(parser.released).toBe(false);
    const recorded = stack?.store.conversation
      .recent('telegram', String(OWNER.id))
      .find((m) => m.text === text);
    expect(recorded?.handledAt).toBeNull();

    // Telegram sends the same update again (it did not see the 200 in time): handled once.
    expect((await post(url, update, SECRET)).status).toBe(200);
    parser.open();
    await fake.waitFor(() => ownerChat(fake).length === 1, 'the answer');
    await stack?.delivery.drain();
    expect(ownerChat(fake)).toHaveLength(1);
    expect(parser.seen.filter((t) => t === text)).toHaveLength(1);
  });

  it('generates a secret when none is configured, so the listener is never open', async () => {
    const { url } = await startWebhook(undefined);
    const secret = fake.world.webhook?.secret ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    const update = {
      update_id: 2,
      message: {
        message_id: 2,
        date: 0,
        chat: { id: OWNER.id, type: 'private' },
        from: { id: OWNER.id, is_bot: false, first_name: 'Owner' },
        text: 'hi',
      },
    };
    expect((await post(url, update)).status).toBe(401);
    await say(fake, '/status');
  });
});
