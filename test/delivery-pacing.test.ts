// Pacing of the delivery loop, on a test clock: a burst goes out at once, sustained traffic at the
// platform's rate, the first reply after a quiet moment is never held, a paced chat never holds
// back another chat, the global limit caps the whole bot, and a 429's retry_after still wins.

import { afterEach, describe, expect, it } from 'vitest';
import { Delivery } from '../src/kev/delivery.js';
import { Pacer } from '../src/kev/pacing.js';
import {
  type ChatTransport,
  DeliveryError,
  type DeliveryReceipt,
  type OutgoingMessage,
  type Pacing,
} from '../src/ports/chat.js';
import { silentLogger } from '../src/shared/log.js';
import { type TempStore, TestClock, tempStore } from './helpers/store.js';

const TELEGRAM_LIKE: Pacing = {
  perChat: { burst: 3, intervalMs: 1000 },
  global: { burst: 30, intervalMs: 34 },
};

class PacedTransport implements ChatTransport {
  readonly platform = 'paced';
  readonly capabilities = { edit: false, buttons: false };
  readonly sent: Array<{ chatId: string; text: string; at: number }> = [];
  failures: Error[] = [];
  constructor(
    readonly pacing: Pacing,
    private readonly clock: TestClock,
  ) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async edit(): Promise<void> {}
  async send(chatId: string, message: OutgoingMessage): Promise<DeliveryReceipt> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ chatId, text: message.text, at: this.clock.now });
    return { externalId: String(this.sent.length) };
  }
}

describe('Pacer', () => {
  it('lets a burst through at once, then one per interval, and refills while quiet', () => {
    const clock = new TestClock(0);
    const pacer = new Pacer(clock.read);
    const pacing: Pacing = { perChat: { burst: 3, intervalMs: 1000 } };
    expect([1, 2, 3].map(() => pacer.take('t', 'a', pacing))).toEqual([0, 0, 0]);
    expect(pacer.take('t', 'a', pacing)).toBe(1000);
    clock.advance(400);
    expect(pacer.take('t', 'a', pacing)).toBe(600);
    clock.advance(600);
    expect(pacer.take('t', 'a', pacing)).toBe(0);
    expect(pacer.take('t', 'a', pacing)).toBe(1000);
    clock.advance(10_000);
    expect([1, 2, 3].map(() => pacer.take('t', 'a', pacing))).toEqual([0, 0, 0]);
  });

  it('keeps chats apart and forgets a chat whose bucket is full again', () => {
    const clock = new TestClock(0);
    const pacer = new Pacer(clock.read);
    const pacing: Pacing = { perChat: { burst: 1, intervalMs: 1000 } };
    expect(pacer.take('t', 'a', pacing)).toBe(0);
    expect(pacer.take('t', 'a', pacing)).toBe(1000);
    expect(pacer.take('t', 'b', pacing)).toBe(0);
    expect(pacer.tracked).toBe(2);
    clock.advance(5000);
    pacer.globalWait('t', pacing);
    expect(pacer.take('t', 'a', pacing)).toBe(0);
    clock.advance(5000);
    expect(pacer.take('t', 'c', pacing)).toBe(0);
    expect(pacer.take('t', 'b', pacing)).toBe(0);
    clock.advance(5000);
    for (const chat of ['a', 'b', 'c']) pacer.take('t', chat, { perChat: { burst: 1, intervalMs: 1 } });
    expect(pacer.tracked).toBeLessThanOrEqual(3);
  });

  it('caps the platform as a whole with the global bucket', () => {
    const clock = new TestClock(0);
    const pacer = new Pacer(clock.read);
    const waits = Array.from({ length: 31 }, (_, i) => pacer.take('t', `c${i}`, TELEGRAM_LIKE));
    expect(waits.slice(0, 30).every((w) => w === 0)).toBe(true);
    expect(waits[30]).toBe(34);
    expect(pacer.globalWait('t', TELEGRAM_LIKE)).toBe(34);
  });

  it('never waits when the limit is off', () => {
    const pacer = new Pacer(() => 0);
    const off: Pacing = { perChat: { burst: 1, intervalMs: 0 } };
    expect(Array.from({ length: 50 }, () => pacer.take('t', 'a', off)).every((w) => w === 0)).toBe(true);
    expect(pacer.tracked).toBe(0);
  });
});

describe('Delivery pacing', () => {
  let t: TempStore;
  let delivery: Delivery | undefined;
  const timers: Array<{ ms: number }> = [];

  afterEach(async () => {
    await delivery?.stop();
    delivery = undefined;
    timers.length = 0;
    t.cleanup();
  });

  function setup(pacing: Pacing = TELEGRAM_LIKE) {
    t = tempStore();
    const transport = new PacedTransport(pacing, t.clock);
    delivery = new Delivery({
      store: t.store,
      transports: [transport],
      log: silentLogger,
      clock: t.clock.read,
      setTimer: (_wake, ms) => {
        const timer = { ms };
        timers.push(timer);
        return () => {};
      },
    });
    const say = (chatId: string, text: string) =>
      t.store.outbox.enqueue({ platform: 'paced', chatId, payload: { text } });
    return { transport, delivery, say };
  }

  it('sends the first reply after a quiet moment at once, and a burst of three together', async () => {
    const { transport, delivery, say } = setup();
    say('a', 'first');
    await delivery.settle();
    expect(transport.sent.map((s) => s.text)).toEqual(['first']);
    t.clock.advance(250);
    for (const text of ['two', 'three', 'four']) say('a', text);
    await delivery.settle();
    // Two tokens left plus a quarter refilled: two go now, the fourth waits for its token.
    expect(transport.sent.map((s) => s.text)).toEqual(['first', 'two', 'three']);
    expect(delivery.nextWake).toBe(t.clock.now + 750);
    t.clock.advance(750);
    await delivery.settle();
    expect(transport.sent.map((s) => s.text)).toEqual(['first', 'two', 'three', 'four']);
    expect(delivery.nextWake).toBeUndefined();
  });

  it('holds back only the paced chat: another chat is answered in the same pass', async () => {
    const { transport, delivery, say } = setup();
    for (let i = 1; i <= 5; i++) say('a', `a${i}`);
    say('b', 'b1');
    await delivery.settle();
    expect(transport.sent.map((s) => s.text)).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(transport.sent.every((s) => s.at === t.clock.now)).toBe(true);
    // The paced chat keeps its order when its turn comes.
    t.clock.advance(1000);
    await delivery.settle();
    t.clock.advance(1000);
    await delivery.settle();
    expect(transport.sent.map((s) => s.text)).toEqual(['a1', 'a2', 'a3', 'b1', 'a4', 'a5']);
  });

  it('stops the pass at the global limit and wakes when the bot may send again', async () => {
    const { transport, delivery, say } = setup();
    for (let i = 0; i < 35; i++) say(`chat${i}`, `m${i}`);
    await delivery.settle();
    expect(transport.sent).toHaveLength(30);
    expect(delivery.nextWake).toBe(t.clock.now + 34);
    t.clock.advance(34 * 5);
    await delivery.settle();
    expect(transport.sent.map((s) => s.text)).toEqual(Array.from({ length: 35 }, (_, i) => `m${i}`));
  });

  it("lets a 429's retry_after win over a full bucket", async () => {
    const { transport, delivery, say } = setup();
    transport.failures.push(new DeliveryError('Too Many Requests', 'retry', 7000));
    say('a', 'hello');
    await delivery.settle();
    expect(transport.sent).toHaveLength(0);
    expect(delivery.nextWake).toBe(t.clock.now + 7000);
    t.clock.advance(6999);
    await delivery.settle();
    expect(transport.sent).toHaveLength(0);
    t.clock.advance(1);
    await delivery.settle();
    expect(transport.sent.map((s) => s.text)).toEqual(['hello']);
  });

  it('does not arm a wake-up for a chat whose later items sit behind a retry', async () => {
    const { transport, delivery, say } = setup();
    transport.failures.push(new DeliveryError('down', 'retry', 5000));
    say('a', 'one');
    say('a', 'two');
    await delivery.settle();
    // Only the retry's own time, not the due-but-blocked second item (which would spin the loop).
    expect(delivery.nextWake).toBe(t.clock.now + 5000);
    expect(timers.every((timer) => timer.ms > 0)).toBe(true);
  });

  it('reaches a chat queued behind more than a page of items of a paced chat, in the same pass', async () => {
    const { transport, delivery, say } = setup();
    for (let i = 0; i < 250; i++) say('busy', `busy${i}`);
    say('quiet', 'hello');
    await delivery.settle();
    expect(transport.sent.map((s) => s.text)).toEqual(['busy0', 'busy1', 'busy2', 'hello']);
  });
});
