// `kev doctor` with Telegram configured: getMe against the configured Bot API server says which bot
// the token belongs to; a refused token is a FAIL and a non-zero exit.

import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctor } from '../src/cli/doctor.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { tempDir } from './helpers/store.js';

const saved = { ...process.env };
let fake: FakeBotApi;

async function runDoctor(): Promise<{ code: number; text: string }> {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const code = await doctor(out);
  return { code, text };
}

beforeEach(async () => {
  fake = await startFakeBotApi();
  Object.assign(process.env, {
    KEV_DATA_DIR: tempDir('kev-doctor-'),
    TELEGRAM_API_ROOT: fake.url,
    KEV_OWNER_TELEGRAM_IDS: '4242',
  });
});

afterEach(async () => {
  process.env = { ...saved };
  await fake.close();
});

describe('kev doctor on Telegram', () => {
  it('names the bot behind the token and the owner ids', async () => {
    process.env.TELEGRAM_BOT_TOKEN = fake.token;
    const { text } = await runDoctor();
    expect(text).toMatch(/ok {3}telegram +@kev_test_bot \(bot id 123456789\) via http:\/\/127\.0\.0\.1/);
    expect(text).toMatch(/ok {3}telegram +no webhook \(long polling\), 0 update\(s\) waiting/);
    expect(text).toMatch(/ok {3}owners +only Telegram user id\(s\) 4242 may talk to Kev/);
    expect(text).not.toContain(fake.token);
  });

  it('fails with a sentence, and a non-zero exit, when the token is refused', async () => {
    process.env.TELEGRAM_BOT_TOKEN = '111:not-the-right-token';
    const { code, text } = await runDoctor();
    expect(code).not.toBe(0);
    expect(text).toMatch(
      /FAIL telegram +http:\/\/127\.0\.0\.1:\d+ refused the token \(401\): check TELEGRAM_BOT_TOKEN with @BotFather/,
    );
  });
});
