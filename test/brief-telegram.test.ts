// End to end on Telegram: run() over the fake Bot API with an injected clock and timer. The brief,
// scheduled a minute ahead, arrives once at that minute; a restart after it does not send it again;
// a restart that spans the slot (Kev down at 09:00) delivers it once, not twice.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Running, run } from '../src/main.js';
import { OWNER, ownerChat, say } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { FakeTime } from './helpers/fake-time.js';
import { tempDir } from './helpers/store.js';

let fake: FakeBotApi | undefined;
let running: Running | undefined;

afterEach(async () => {
  await running?.stop();
  await fake?.close();
  running = undefined;
  fake = undefined;
});

const at = (iso: string) => Date.parse(iso);

function setup(api: FakeBotApi) {
  const dir = tempDir('kev-brief-');
  const configFile = join(dir, 'kev.config.json');
  // The brief a minute after the test's "now" (08:59), in UTC.
  writeFileSync(configFile, JSON.stringify({ schedules: { brief: { cron: '0 9 * * *' } } }));
  const env = {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.url,
    KEV_OWNER_TELEGRAM_IDS: String(OWNER.id),
    KEV_DATA_DIR: join(dir, 'data'),
    KEV_LOG_FILE: join(dir, 'kev.log'),
    KEV_CONFIG_FILE: configFile,
    KEV_TIMEZONE: 'UTC',
    PATH: '',
  };
  return async (time: FakeTime) => {
    running = await run({ cwd: dir, env, clock: time.read, timer: time });
    return running;
  };
}

const briefs = (api: FakeBotApi) => ownerChat(api).filter((m) => m.text.startsWith('Brief · '));

describe('the scheduled brief on Telegram', () => {
  it('arrives once at its minute, and a restart after the slot does not send it again', async () => {
    fake = await startFakeBotApi();
    const api = fake;
    const start = setup(api);
    const time = new FakeTime(at('2026-12-03T08:59:10Z'));
    const first = await start(time);
    await say(api, '/start'); // the owner has opened the chat with the bot
    await time.advanceTo(at('2026-12-03T08:59:59Z'));
    expect(first.store.schedules.recent('brief')).toEqual([]);
    await time.advanceTo(at('2026-12-03T09:00:00Z'));
    const [brief] = await api.waitFor(() => (briefs(api).length ? briefs(api) : undefined), 'the brief');
    expect(brief?.text.split('\n')[0]).toBe('Brief · Thu 3 Dec');
    await time.advanceTo(at('2026-12-03T09:30:00Z'));
    await first.stop();
    expect(briefs(api)).toHaveLength(1);

    const later = new FakeTime(at('2026-12-03T09:40:00Z'));
    const second = await start(later);
    await later.advanceTo(at('2026-12-03T10:00:00Z'));
    await second.stop();
    expect(briefs(api)).toHaveLength(1);
  });

  it('after a restart that spans the slot, arrives once, not twice', async () => {
    fake = await startFakeBotApi();
    const api = fake;
    const start = setup(api);
    const before = new FakeTime(at('2026-12-03T08:58:00Z'));
    const first = await start(before);
    await say(api, '/start');
    await before.advanceTo(at('2026-12-03T08:59:30Z'));
    await first.stop();
    expect(briefs(api)).toHaveLength(0);

    // Down across 09:00; back at 09:03: the missed slot is inside its window and runs once.
    const after = new FakeTime(at('2026-12-03T09:03:00Z'));
    const second = await start(after);
    await api.waitFor(() => (briefs(api).length ? true : undefined), 'the caught-up brief');
    await after.advanceTo(at('2026-12-03T09:20:00Z'));
    await second.stop();
    expect(briefs(api)).toHaveLength(1);

    // And once more, a third life a little later: still one.
    const third = await start(new FakeTime(at('2026-12-03T09:25:00Z')));
    await third.stop();
    expect(briefs(api)).toHaveLength(1);
  });
});
