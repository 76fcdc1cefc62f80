// The webhook secret Kev makes when none is configured is a secret like the others: Kev as a child
// process in webhook mode with no TELEGRAM_WEBHOOK_SECRET, against a Bot API whose first setWebhook
// fails with an error echoing the secret_token it was sent (as a proxy or a debugging server can).
// The log records the failure with the secret scrubbed, and the secret Telegram holds still works.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config/config.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { type KevProcess, spawnKev } from './helpers/kev-process.js';
import { freePort } from './helpers/net.js';
import { tempDir } from './helpers/store.js';
import { FAKE_SECRETS, OWNER } from './helpers/storm.js';

let telegram: FakeBotApi | undefined;
let kev: KevProcess | undefined;
afterEach(async () => {
  await kev?.kill();
  await telegram?.close();
  telegram = kev = undefined;
});

describe('the generated webhook secret', () => {
  it('is made by the config when none is set, and is among the secrets the log scrubs', () => {
    const env = {
      TELEGRAM_BOT_TOKEN: '123456:SECRET-token',
      KEV_OWNER_TELEGRAM_IDS: '1',
      TELEGRAM_WEBHOOK_URL: 'https://kev.example/telegram',
    };
    const config = readConfig(env);
    const secret = config.telegram?.webhook?.secret ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(config.secrets).toContain(secret);
    expect(readConfig(env).telegram?.webhook?.secret).not.toBe(secret);
  });

  it('never reaches the log, even when Telegram echoes it back in an error', async () => {
    telegram = await startFakeBotApi({ token: FAKE_SECRETS.TELEGRAM_BOT_TOKEN });
    telegram.inject('setWebhook', {
      status: 500,
      description: (params) => `Internal Server Error (secret_token=${String(params.secret_token)})`,
    });
    const dir = tempDir('kev-hooksecret-');
    const port = await freePort();
    const logFile = join(dir, 'kev.log');
    const outFile = join(dir, 'kev.out');
    kev = await spawnKev({
      cwd: dir,
      outFile,
      env: {
        TELEGRAM_BOT_TOKEN: FAKE_SECRETS.TELEGRAM_BOT_TOKEN,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`,
        TELEGRAM_WEBHOOK_PORT: String(port),
        KEV_OWNER_TELEGRAM_IDS: String(OWNER.id),
        KEV_DATA_DIR: join(dir, 'data'),
        KEV_LOG_FILE: logFile,
        KEV_LOG_LEVEL: 'debug',
      },
    });
    const fake = telegram;
    await fake.waitFor(() => fake.world.webhook, 'the webhook to be set after the failure', 60_000);
    const secret = fake.world.webhook?.secret ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    // The echo carried the same secret the webhook now holds: the one Kev made at start.
    const failed = fake.calls.find((call) => call.method === 'setWebhook' && call.status === 500);
    expect(failed?.params.secret_token).toBe(secret);

    fake.world.userText(OWNER, '/status');
    await fake.waitFor(() => fake.world.messages(OWNER.id).length > 0, 'the reply to /status', 60_000);
    await kev.terminate();

    const written = readFileSync(logFile, 'utf8') + readFileSync(outFile, 'utf8');
    expect(written).toContain('secret_token=[redacted]');
    expect(written).not.toContain(secret);
  });
});
