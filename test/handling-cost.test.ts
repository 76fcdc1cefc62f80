// What handling a message costs the database: the chat-context query walks its index, no statement
// of the per-message path is re-prepared, a command writes no chat state when nothing changed, and
// delivered outbox rows are pruned after the retention (keeping what a later edit still needs).

import { afterEach, describe, expect, it } from 'vitest';
import { Conversation } from '../src/db/conversation.js';
import { Delivery } from '../src/kev/delivery.js';
import { silentLogger } from '../src/shared/log.js';
import { type KevHarness, kevHarness, MemoryTransport } from './helpers/kev.js';
import { type TempStore, tempStore } from './helpers/store.js';

function watchPrepares(t: TempStore): string[] {
  const client = t.store.db.$client;
  const seen: string[] = [];
  const original = client.prepare.bind(client);
  client.prepare = ((source: string) => {
    seen.push(source);
    return original(source);
  }) as typeof client.prepare;
  return seen;
}

describe('the chat-context query', () => {
  let t: TempStore;
  afterEach(() => t.cleanup());

  it('reads the last messages of a chat along messages_chat_at, without sorting its history', () => {
    t = tempStore();
    const seen = watchPrepares(t);
    const conversation = new Conversation(t.store.db, t.clock.read);
    const recent = seen.find((s) => /from "messages"/.test(s) && /order by/i.test(s));
    expect(recent).toBeDefined();
    const plan = (
      t.store.db.$client.prepare(`explain query plan ${recent}`).all('telegram', '1', 10) as Array<{
        detail: string;
      }>
    ).map((r) => r.detail);
    expect(plan.join(' | ')).toMatch(/USING INDEX messages_chat_at/);
    expect(plan.join(' | ')).not.toMatch(/TEMP B-TREE/);
    for (let i = 0; i < 12; i++) {
      conversation.recordInbound({
        platform: 'telegram',
        chatId: '1',
        userId: 'u',
        externalId: `e${i}`,
        text: `m${i}`,
      });
      t.clock.advance(1);
    }
    expect(conversation.recent('telegram', '1', 3).map((m) => m.text)).toEqual(['m9', 'm10', 'm11']);
  });
});

describe('handling a message', () => {
  let h: KevHarness;
  afterEach(() => h.cleanup());

  it('prepares no statement of the message path again once the first message is handled', async () => {
    h = kevHarness();
    await h.say('/help');
    await h.say('hello there');
    const seen = watchPrepares(h);
    for (let i = 0; i < 10; i++) {
      await h.say('/help');
      await h.say(`question ${i}`);
    }
    const hot = seen.filter((s) => /"(messages|outbox|settings)"/.test(s));
    expect(hot).toEqual([]);
  });

  it('writes no chat state for a command when nothing was pending', async () => {
    h = kevHarness();
    await h.say('/help');
    await h.say('/status');
    const rows = h.store.db.$client
      .prepare("select count(*) as n from settings where key like 'chat:%'")
      .get() as {
      n: number;
    };
    expect(rows.n).toBe(0);
  });
});

describe('outbox retention', () => {
  let t: TempStore;
  afterEach(() => t.cleanup());

  const DAY = 86_400_000;

  it('prunes delivered rows past the retention, keeping an open question and a pending edit target', () => {
    t = tempStore();
    const { outbox, prompts } = t.store;
    const plain = outbox.enqueue({ platform: 'x', chatId: 'c', payload: { text: 'old' } });
    const asked = outbox.enqueue({ platform: 'x', chatId: 'c', payload: { text: 'a question' } });
    const edited = outbox.enqueue({ platform: 'x', chatId: 'c', payload: { text: 'to edit' } });
    const prompt = prompts.create('x', 'c', [{ label: 'Yes', intent: { kind: 'help' } }]);
    prompts.attachOutbox(prompt.id, asked.id);
    for (const row of [plain, asked, edited]) outbox.markDelivered(row.id, '1');
    outbox.enqueue({ platform: 'x', chatId: 'c', kind: 'edit', refId: edited.id, payload: { text: 'edit' } });
    t.clock.advance(DAY);
    const fresh = outbox.enqueue({ platform: 'x', chatId: 'c', payload: { text: 'new' } });
    outbox.markDelivered(fresh.id, '2');
    expect(outbox.prune(t.clock.now - DAY / 2)).toBe(1);
    expect(outbox.get(plain.id)).toBeUndefined();
    for (const row of [asked, edited, fresh]) expect(outbox.get(row.id)).toBeDefined();
  });

  it('is pruned by the delivery loop at most once an hour, with the configured retention', async () => {
    t = tempStore();
    const row = t.store.outbox.enqueue({ platform: 'memory', chatId: 'c', payload: { text: 'hi' } });
    const delivery = new Delivery({
      store: t.store,
      transports: [new MemoryTransport()],
      log: silentLogger,
      clock: t.clock.read,
      retentionMs: DAY,
      setTimer: () => () => {},
    });
    await delivery.settle();
    expect(t.store.outbox.get(row.id)?.deliveredAt).toBeDefined();
    t.clock.advance(DAY + 1);
    await delivery.settle();
    expect(t.store.outbox.get(row.id)).toBeUndefined();
    await delivery.stop();
  });
});
