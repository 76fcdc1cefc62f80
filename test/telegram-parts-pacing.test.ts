// The parts of one long message are not spaced by the chat's pace: up to the burst they go out at
// once. The pace here is a minute, so a part spaced by it would never arrive within the test.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, ownerChat, type Stack, startStack } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { tempDir } from './helpers/store.js';

let fake: FakeBotApi;
let stack: Stack | undefined;

beforeEach(async () => {
  fake = await startFakeBotApi();
  fake.world.privateChat(OWNER);
});

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await fake.close();
});

describe('Telegram parts under pacing', () => {
  it('sends the three parts of one long message at once, with a one-minute pace', async () => {
    stack = await startStack({
      fake,
      file: `${tempDir('kev-parts-')}/kev.db`,
      transport: { pacing: { perChat: { burst: 3, intervalMs: 60_000 } } },
    });
    const text = Array.from({ length: 100 }, (_, i) => `line ${i} ${'x'.repeat(80)}`).join('\n');
    stack.kev.notify({ platform: 'telegram', chatId: String(OWNER.id) }, { text });
    await fake.waitFor(() => ownerChat(fake).length === 3, 'all three parts');
    expect(
      ownerChat(fake)
        .map((m) => m.text)
        .join('\n'),
    ).toBe(text);
  });
});
