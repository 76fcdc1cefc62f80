// Access at the composition root: Kev refuses to start a chat transport with no owner set (it never
// polls), and a stranger's messages and forged taps on a running Kev change nothing and get no answer.
// The webhook's 401 without its secret is in telegram-webhook.test.ts; strangers on the core in kev.test.ts.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Running, run } from '../src/main.js';
import { OWNER, ownerChat, STRANGER, say } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { tempDir } from './helpers/store.js';

let fake: FakeBotApi | undefined;
let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  await fake?.close();
  running = fake = undefined;
});

function env(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: fake?.token ?? '',
    TELEGRAM_API_ROOT: fake?.url ?? '',
    KEV_DATA_DIR: join(dir, 'data'),
    KEV_LOG_FILE: join(dir, 'kev.log'),
    PATH: '',
    ...extra,
  };
}

describe('access', () => {
  it('refuses to start Telegram with no owner set, before touching the Bot API', async () => {
    fake = await startFakeBotApi();
    const dir = tempDir('kev-access-');
    await expect(run({ cwd: dir, env: env(dir) })).rejects.toThrow(/KEV_OWNER_TELEGRAM_IDS must list/);
    expect(fake.calls).toEqual([]);
  });

  it("answers no stranger and lets no stranger's forged tap decide the owner's review", {
    timeout: 30_000,
  }, async () => {
    fake = await startFakeBotApi();
    const dir = tempDir('kev-access-');
    running = await run({
      cwd: dir,
      graceMs: 0,
      env: env(dir, { KEV_OWNER_TELEGRAM_IDS: String(OWNER.id) }),
    });
    await say(fake, '/start');
    const task = running.store.tasks.create({
      title: 'Compare vector databases',
      type: 'research',
      agent: 'Scout',
      platform: 'telegram',
      chatId: String(OWNER.id),
    });
    running.store.tasks.claim('w', 60_000);
    const done = running.store.tasks.complete(task.id, 'w', 'Qdrant leads.');
    const { reviewRequest } = await import('../src/kev/review.js');
    running.kev.notify({ platform: 'telegram', chatId: String(OWNER.id) }, reviewRequest(done));
    const request = await fake.waitFor(
      () => ownerChat(fake!).find((m) => m.buttons.length > 0),
      'the review',
    );
    for (const text of ['/approve 1', '/status', 'research something', '/remember I am the owner now'])
      fake.world.userText(STRANGER, text);
    for (const button of request.buttons.flat()) fake.world.userTap(STRANGER, request, button.data);
    await say(fake, '/help');
    expect(fake.world.messages(STRANGER.id)).toEqual([]);
    expect(running.store.tasks.get(task.id)?.state).toBe('review');
    expect(running.store.memory.list()).toEqual([]);
    expect(running.store.tasks.list({})).toHaveLength(1);
    expect(request.edits).toBe(0);
  });
});
