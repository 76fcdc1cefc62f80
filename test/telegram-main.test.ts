// The composition root on Telegram: run() with TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT and the owner
// ids in the environment gives the owner the terminal's conversation, through the fake Bot API.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Running, run } from '../src/main.js';
import { OWNER, say } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { tempDir } from './helpers/store.js';

let fake: FakeBotApi | undefined;
let running: Running | undefined;

afterEach(async () => {
  await running?.stop();
  await fake?.close();
  running = undefined;
  fake = undefined;
});

describe('run() with Telegram configured', () => {
  it('starts the Telegram transport from the environment and answers the owner only', async () => {
    fake = await startFakeBotApi();
    const dir = tempDir('kev-main-');
    running = await run({
      cwd: dir,
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.url,
        KEV_OWNER_TELEGRAM_IDS: String(OWNER.id),
        KEV_DATA_DIR: join(dir, 'data'),
        KEV_LOG_FILE: join(dir, 'kev.log'),
        PATH: '',
      },
    });
    const help = await say(fake, '/help');
    expect(help.text).toContain('/approve');
    expect(fake.world.commands[0]?.scope).toEqual({ type: 'chat', chat_id: String(OWNER.id) });
    fake.world.userText({ id: 777, first_name: 'Someone' }, '/status');
    await say(fake, '/status');
    expect(fake.world.messages(777)).toEqual([]);
  });
});
