// Delivery to Telegram through the outbox: HTML escaping the real parser accepts, splitting at
// line boundaries, long results as documents, 429 honoured, outages survived in order and without
// duplicates, 403 parked, and edits that fall back when Telegram refuses them.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, ownerChat, type Stack, say, sendReview, startStack, tap } from './fakes/telegram/harness.js';
import { type FakeBotApi, type Outage, startFakeBotApi } from './fakes/telegram/index.js';
import { tempDir } from './helpers/store.js';

let fake: FakeBotApi;
let stack: Stack | undefined;
let file: string;
const chat = { platform: 'telegram', chatId: String(OWNER.id) };

beforeEach(async () => {
  fake = await startFakeBotApi();
  file = `${tempDir('kev-telegram-')}/kev.db`;
  fake.world.privateChat(OWNER);
});

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await fake.close();
});

const texts = () => ownerChat(fake).map((m) => m.text);

describe('Telegram delivery', () => {
  it('escapes what HTML would read as markup, so Telegram parses every text', async () => {
    stack = await startStack({ fake, file });
    const tricky =
      'if a < b && c > d: 5 > 3 & <b>not bold</b> _under_ *star* ~x~ [l](http://x) \\ 🚀 👍🏽 👨‍👩‍👧 &amp; ok';
    stack.kev.notify(chat, { text: tricky });
    const [plain] = await fake.waitFor(() => ownerChat(fake).length === 1 && ownerChat(fake), 'the message');
    expect(plain?.text).toBe(tricky);
    expect(fake.callsTo('sendMessage').every((c) => c.status === 200)).toBe(true);
  });

  it('shows fenced and inline code as code, and leaves a stray backtick alone', async () => {
    stack = await startStack({ fake, file });
    const text = 'Here:\n```ts\nconst x = a < b && c > d;\n```\nRun `npm test <all>` then a stray ` backtick';
    stack.kev.notify(chat, { text });
    const [message] = await fake.waitFor(
      () => ownerChat(fake).length === 1 && ownerChat(fake),
      'the message',
    );
    expect(message?.raw).toContain(
      '<pre><code class="language-ts">const x = a &lt; b &amp;&amp; c &gt; d;</code></pre>',
    );
    expect(message?.raw).toContain('<code>npm test &lt;all&gt;</code>');
    expect(message?.text).toBe(
      'Here:\nconst x = a < b && c > d;\nRun npm test <all> then a stray ` backtick',
    );
  });

  it('splits a text over 4096 characters at line boundaries, in order, nothing lost', async () => {
    stack = await startStack({ fake, file });
    const lines = Array.from(
      { length: 150 },
      (_, i) => `line ${String(i).padStart(3, '0')} ${'x'.repeat(70)} <&>`,
    );
    const text = lines.join('\n');
    stack.kev.notify(chat, { text });
    await fake.waitFor(() => texts().join('\n') === text, 'every part');
    expect(texts().length).toBe(4);
    for (const part of texts()) expect(part.length).toBeLessThanOrEqual(4096);
  });

  it('sends a very long result as a .txt document with a short summary carrying the buttons', async () => {
    stack = await startStack({ fake, file });
    const result = Array.from({ length: 200 }, (_, i) => `Finding ${i}: <details> & more`).join('\n');
    const task = sendReview(stack, result);
    const summary = await fake.waitFor(
      () => ownerChat(fake).find((m) => m.buttons.length > 0),
      'the summary',
    );
    const document = ownerChat(fake).find((m) => m.document);
    expect(document?.document).toEqual({ filename: `task-${task.id}-result.txt`, content: result });
    expect(document?.message_id).toBeLessThan(summary.message_id);
    expect(summary.text.length).toBeLessThan(1500);
    await tap(fake, summary, 'Approve');
    await fake.waitFor(() => summary.edits === 1 && summary.buttons.length === 0, 'the summary edited');
  });

  it('honours a 429 retry_after through the outbox when it is longer than auto-retry waits', async () => {
    stack = await startStack({ fake, file });
    fake.inject('sendMessage', { status: 429, retryAfter: 1 });
    stack.kev.notify(chat, { text: 'after the flood wait' });
    await fake.waitFor(() => texts().includes('after the flood wait'), 'the message');
    const [first, second, ...rest] = fake.callsTo('sendMessage');
    expect([first?.status, second?.status, rest.length]).toEqual([429, 200, 0]);
    // Lower bound only: Telegram said to wait a second, so the retry did not come sooner.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('lets auto-retry absorb a short flood wait without troubling the outbox', async () => {
    stack = await startStack({
      fake,
      file,
      transport: { autoRetry: { maxRetryAttempts: 2, maxDelaySeconds: 2 } },
    });
    fake.inject('sendMessage', { status: 429, retryAfter: 1 });
    stack.kev.notify(chat, { text: 'absorbed' });
    await fake.waitFor(() => texts().includes('absorbed'), 'the message');
    expect(fake.callsTo('sendMessage').map((c) => c.status)).toEqual([429, 200]);
    await stack.delivery.drain();
    const row = stack.store.outbox.get(1);
    expect([row?.attempts, row?.deliveredAt !== null]).toEqual([0, true]);
  });

  it.each<Outage>([
    'down',
    '500',
    'malformed',
  ])('keeps messages through an outage (%s) and sends them in order, each once, when it is back', async (kind) => {
    stack = await startStack({ fake, file });
    await say(fake, 'before');
    fake.startOutage(kind);
    for (const n of [1, 2, 3]) stack.kev.notify(chat, { text: `news ${n}` });
    const failed = () => fake.callsTo('sendMessage').filter((c) => c.status !== 200 || c.error);
    await fake.waitFor(() => failed().length >= 2, 'failed sends');
    expect(stack.store.outbox.countPending('telegram')).toBe(3);
    fake.world.userText(OWNER, 'are you there?');
    fake.recover();
    await fake.waitFor(
      () => texts().filter((t) => t.startsWith('news')).length === 3 && texts().length >= 5,
      'recovery',
    );
    const news = texts().filter((t) => t.startsWith('news'));
    expect(news).toEqual(['news 1', 'news 2', 'news 3']);
    await stack.delivery.drain();
    expect(texts().filter((t) => t.startsWith('news'))).toEqual(['news 1', 'news 2', 'news 3']);
    expect(stack.store.outbox.countPending('telegram')).toBe(0);
  });

  it('resumes a split message after a failure half-way without sending its first part twice', async () => {
    stack = await startStack({ fake, file });
    fake.inject('sendMessage', { status: 500, description: 'Internal Server Error' }, 1, 1);
    const text = Array.from({ length: 100 }, (_, i) => `row ${i} ${'y'.repeat(90)}`).join('\n');
    stack.kev.notify(chat, { text });
    await fake.waitFor(
      () =>
        ownerChat(fake)
          .map((m) => m.text)
          .join('\n') === text,
      'all parts',
    );
    await stack.delivery.drain();
    expect(
      ownerChat(fake)
        .map((m) => m.text)
        .join('\n'),
    ).toBe(text);
  });

  it('parks a message when the owner blocked the bot (403), and goes on with the next', async () => {
    stack = await startStack({ fake, file });
    fake.world.block(OWNER.id);
    stack.kev.notify(chat, { text: 'while blocked' });
    await fake.waitFor(() => fake.callsTo('sendMessage').some((c) => c.status === 403), 'the 403');
    await stack.delivery.drain();
    fake.world.block(OWNER.id, false);
    stack.kev.notify(chat, { text: 'after unblocking' });
    await fake.waitFor(() => texts().includes('after unblocking'), 'the next message');
    expect(texts()).toEqual(['after unblocking']);
    expect(fake.callsTo('sendMessage').filter((c) => c.status === 403)).toHaveLength(1);
    expect(stack.store.outbox.get(1)?.parkedAt).not.toBeNull();
    expect(stack.store.outbox.get(1)?.lastError).toMatch(/403 Forbidden: bot was blocked/);
    expect(stack.logText()).toContain('message parked');
  });

  it('answers a tap while a slow sendMessage is still waiting for Telegram', async () => {
    stack = await startStack({ fake, file });
    sendReview(stack);
    const request = await fake.waitFor(() => ownerChat(fake).find((m) => m.buttons.length > 0), 'the review');
    fake.inject('sendMessage', { delayMs: 800 });
    fake.world.userText(OWNER, '/status');
    const slow = await fake.waitFor(() => fake.callsTo('sendMessage')[1], 'the slow send');
    await tap(fake, request, 'Approve');
    expect(slow.status).toBe(0);
    await fake.waitFor(() => slow.status === 200, 'the slow send to finish');
  });

  it('treats "message is not modified" as done and says the decision anew when the message is gone', async () => {
    stack = await startStack({ fake, file });
    const { externalId } = await stack.transport.send(String(OWNER.id), {
      text: 'Review #1',
      choices: ['Approve'],
      promptId: 9,
    });
    const edited = { text: 'Review #1\n\n→ Approved #1', note: '→ Approved #1' };
    await stack.transport.edit(String(OWNER.id), externalId ?? '', edited);
    await stack.transport.edit(String(OWNER.id), externalId ?? '', edited);
    expect(fake.callsTo('editMessageText').map((c) => c.status)).toEqual([200, 400]);
    await stack.transport.edit(String(OWNER.id), '999999', edited);
    expect(texts()).toEqual(['Review #1\n\n→ Approved #1', '→ Approved #1']);
  });
});
