// A restart in the middle of a model call: run() replays the updates the dead process left
// unhandled before its dispatcher starts. The call started after the restart is charged exactly
// once, in agent_runs, in the task's cost and in the day's spend; the dead process's call is
// closed as interrupted and charged nothing.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/db/index.js';
import { type Running, run } from '../src/main.js';
import { type FakeServer, slow, startOpenAiFake, textReply } from './fakes/llm/index.js';
import { OWNER } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { tempDir } from './helpers/store.js';

let fake: FakeBotApi | undefined;
let model: FakeServer | undefined;
let running: Running | undefined;

afterEach(async () => {
  await running?.stop();
  await fake?.close();
  await model?.close();
  running = undefined;
  fake = undefined;
  model = undefined;
});

describe('a restart mid-call', () => {
  it('charges the call started during start-up exactly once', async () => {
    fake = await startFakeBotApi();
    model = await startOpenAiFake();
    // Slow enough that the call is still under way when the dispatcher starts.
    model.script(
      slow(400, textReply('Qdrant, pgvector, Weaviate.', { inputTokens: 1000, outputTokens: 1000 })),
    );
    const dir = tempDir('kev-restart-');
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });

    // What the killed process left behind: a task it was running (its call never answered),
    // and an owner's message it recorded but never handled.
    const before = openStore(join(dataDir, 'kev.db'));
    const task = before.tasks.create({ title: 'Compare vector databases', type: 'research', agent: 'Scout' });
    before.tasks.claim('dead-kev', 1, { types: ['research'] });
    const dead = before.ledger.start({
      taskId: task.id,
      attempt: 1,
      agent: 'Scout',
      provider: 'cerebras',
      model: 'cerebras/gpt-oss-120b',
    });
    before.conversation.recordInbound({
      platform: 'telegram',
      chatId: String(OWNER.id),
      userId: String(OWNER.id),
      externalId: `1:${OWNER.id}:1`,
      text: '/status',
    });
    before.close();
    await new Promise((resolve) => setTimeout(resolve, 5)); // the 1 ms lease has expired

    running = await run({
      cwd: dir,
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.url,
        KEV_OWNER_TELEGRAM_IDS: String(OWNER.id),
        KEV_DATA_DIR: dataDir,
        KEV_LOG_FILE: join(dir, 'kev.log'),
        CEREBRAS_API_KEY: 'csk-test-key',
        CEREBRAS_BASE_URL: model.baseUrl,
        PATH: '',
      },
    });
    const { store } = running;
    await fake.waitFor(() => store.tasks.get(task.id)?.state === 'review' || undefined, 'the task in review');

    const runs = store.ledger.runs(task.id);
    expect(runs.map((r) => [r.id === dead.id, r.outcome, r.inputTokens, r.outputTokens])).toEqual([
      [true, 'interrupted', 0, 0],
      [false, 'ok', 1000, 1000],
    ]);
    const charged = runs[1]?.costMicros ?? 0;
    expect(charged).toBeGreaterThan(0);
    expect(store.tasks.get(task.id)?.costMicros).toBe(charged);
    expect(store.ledger.spendSince(0)).toBe(charged);
    expect(model.requests).toHaveLength(1);
  });
});
