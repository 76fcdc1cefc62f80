// Telegram is told an update arrived only once Kev has it on record, durably: the poller's offset
// never passes an update Kev could not record (Telegram sends it again), a webhook answers 500 for
// it, and each confirmation waits for the `durable` hook. Real grammY against the fake Bot API.

import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramTransport } from '../src/bot/telegram.js';
import { type Incoming, NotRecordedError, type Receipt } from '../src/ports/chat.js';
import { silentLogger } from '../src/shared/log.js';
import { OWNER } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';

let fake: FakeBotApi;
let transport: TelegramTransport | undefined;

afterEach(async () => {
  await transport?.stop();
  transport = undefined;
  await fake.close();
});

/** A handler whose store refuses the first `failures` records of texts containing "refused". */
function flakyStore(failures: number) {
  const handled: string[] = [];
  let left = failures;
  const handler = async (incoming: Incoming, receipt?: Receipt) => {
    const text = incoming.kind === 'text' ? incoming.text : '';
    if (text.includes('refused') && left > 0) {
      left -= 1;
      receipt?.notRecorded();
      throw new NotRecordedError(new Error('database or disk is full'));
    }
    handled.push(text);
    return { handled: true };
  };
  return { handled, handler, left: () => left };
}

function transportFor(durable: () => void, webhook?: { url: string; port: number }) {
  return new TelegramTransport({
    token: fake.token,
    apiRoot: fake.url,
    ownerChats: [String(OWNER.id)],
    commands: [],
    log: silentLogger,
    pollTimeoutSeconds: 1,
    retry: { baseMs: 20, maxMs: 100 },
    typingDelayMs: 60_000,
    durable,
    ...(webhook ? { webhook: { ...webhook, secret: 'unrecorded-secret', host: '127.0.0.1' } } : {}),
  });
}

const offsets = () => fake.callsTo('getUpdates').map((c) => Number(c.params.offset ?? 0));

describe('an update Kev could not record', () => {
  // Shows the offsets of a failing run (kept short: a debugging aid when an expectation fails).
  const trace = () => JSON.stringify({ offsets: offsets(), ids: fake.world.updates.map((u) => u.update_id) });
  it('is never confirmed to Telegram: the offset stays on it until Kev records it', async () => {
    fake = await startFakeBotApi();
    const store = flakyStore(2);
    transport = transportFor(() => {});
    await transport.start(store.handler);
    fake.world.userText(OWNER, 'first, kept');
    const refused = fake.world.userText(OWNER, 'second, refused at first');
    fake.world.userText(OWNER, 'third, behind it');
    await fake.waitFor(() => store.handled.length === 3, 'all three handled', 15_000);
    expect(store.left()).toBe(0);
    // In order, each once: the third waited for the second instead of overtaking it.
    expect(store.handled).toEqual(['first, kept', 'second, refused at first', 'third, behind it']);
    // While the second was refused, no getUpdates confirmed past it (Telegram kept it).
    await fake.waitFor(() => offsets().some((o) => o > refused.update_id), 'the confirmation', 15_000);
    const firstPast = offsets().findIndex((o) => o > refused.update_id);
    const whileRefused = offsets().slice(0, firstPast);
    expect(whileRefused.filter((o) => o === refused.update_id).length, trace()).toBeGreaterThanOrEqual(2);
    expect(fake.world.updates.filter((u) => u.update_id === refused.update_id)).toHaveLength(1);
  });

  it('confirms an offset only after the durable hook said the records are on disk', async () => {
    fake = await startFakeBotApi();
    const store = flakyStore(0);
    // The hook fails twice (a sync on a full disk), then works: nothing is confirmed until it does.
    let syncFailures = 2;
    const confirmedWhenSynced: number[] = [];
    transport = transportFor(() => {
      if (syncFailures > 0) {
        syncFailures -= 1;
        throw new Error('disk I/O error');
      }
      confirmedWhenSynced.push(Math.max(0, ...offsets()));
    });
    await transport.start(store.handler);
    const update = fake.world.userText(OWNER, 'to be synced');
    await fake.waitFor(() => offsets().some((o) => o > update.update_id), 'the confirmation', 15_000);
    expect(syncFailures).toBe(0);
    // When the sync finally worked, Telegram had not yet been told of the update.
    expect(confirmedWhenSynced[0]).toBeLessThanOrEqual(update.update_id);
    expect(store.handled).toEqual(['to be synced']);
  });

  it('gets a 500 from the webhook, so Telegram posts it again, and a 200 once recorded', async () => {
    fake = await startFakeBotApi();
    const store = flakyStore(1);
    let synced = 0;
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    transport = transportFor(
      () => {
        synced += 1;
      },
      { url: `http://127.0.0.1:${port}/telegram`, port },
    );
    await transport.start(store.handler);
    const update = fake.world.userText(OWNER, 'refused once');
    await fake.waitFor(() => fake.webhookDeliveries.some((d) => d.status === 200), 'the 200', 15_000);
    // Telegram's first post got a 500 and was made again; the 200 came after the durable hook.
    const statuses = fake.webhookDeliveries
      .filter((d) => d.updateId === update.update_id)
      .map((d) => d.status);
    expect(statuses).toEqual([500, 200]);
    expect(synced).toBe(1);
    expect(store.handled).toEqual(['refused once']);
  });
});
