// Kev, not the composition root, turns the workers' events into notices and picks their chat.

import { afterEach, describe, expect, it } from 'vitest';
import { Delivery } from '../src/kev/delivery.js';
import { Kev } from '../src/kev/kev.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { silentLogger } from '../src/shared/log.js';
import { MemoryTransport, ScriptedParser } from './helpers/kev.js';
import { type TempStore, tempStore } from './helpers/store.js';

let t: TempStore | undefined;
afterEach(() => t?.cleanup());

function setUp() {
  t = tempStore();
  const served = new MemoryTransport('memory');
  const kev = new Kev({
    store: t.store,
    policy: DEFAULT_POLICY,
    parser: new ScriptedParser(() => ({ kind: 'help' })),
    draft: (text) => ({ title: text, body: text, type: 'research', agent: 'Scout' }),
    owners: { memory: new Set(['owner-1']) },
    configured: new Set(),
    timezone: 'UTC',
    budget: { dailyUsd: 5, taskUsd: 1 },
    maxMessageBytes: 1_000_000,
    log: silentLogger,
  });
  const delivery = new Delivery({ store: t.store, transports: [served], log: silentLogger });
  return { store: t.store, kev, delivery, served };
}

describe('Kev.news', () => {
  it("sends a task's news to the chat it came from when Kev serves that platform", async () => {
    const { store, kev, delivery, served } = setUp();
    const task = store.tasks.create({
      title: 'Compare',
      type: 'research',
      agent: 'Scout',
      platform: 'memory',
      chatId: 'c7',
    });
    kev.news.failed(task, 'the provider is down', 12_000);
    await delivery.drain();
    expect(served.sent.map((s) => [s.chatId, s.message.text])).toEqual([
      ['c7', `Task #${task.id} failed: the provider is down. Spent $0.01. /retry ${task.id} runs it again.`],
    ]);
    await delivery.stop();
  });

  it("sends news of a task from a platform Kev does not serve to the owner's main chat", async () => {
    const { store, kev, delivery, served } = setUp();
    const task = store.tasks.create({
      title: 'Compare',
      type: 'research',
      agent: 'Scout',
      platform: 'whatsapp',
      chatId: 'x',
    });
    kev.news.budgetStop(task, 'the daily budget of $5.00 is spent');
    const none = store.tasks.create({ title: 'Scheduled', type: 'research', agent: 'Scout' });
    kev.news.merged(none, { branch: 'kev/2-x', commit: 'abcdef1234' });
    await delivery.drain();
    expect(served.sent.map((s) => s.chatId)).toEqual(['owner-1', 'owner-1']);
    expect(served.sent[1]?.message.text).toMatch(/^Merged #\d+ \(kev\/2-x\) into main/);
    await delivery.stop();
  });
});
