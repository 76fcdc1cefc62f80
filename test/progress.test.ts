// Progress while work runs: a "Started" notice for work that runs past a threshold (on by
// default, KEV_PROGRESS=off turns it off), one edited message for a coding session (elapsed
// time, what the CLI last reported, then "Finished"), elapsed time per running task in /status,
// and "typing…" renewed while Kev's own model call is under way.

import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/main.js';
import { type FakeServer, jsonReply, slow, startOpenAiFake, textReply } from './fakes/llm/index.js';
import { GatedParser, OWNER, type Stack, startStack } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { type BuildBench, buildBench } from './helpers/build.js';
import { type KevHarness, kevHarness } from './helpers/kev.js';
import { Screen } from './helpers/screen.js';
import { tempDir } from './helpers/store.js';

let llm: FakeServer | undefined;
let bench: BuildBench | undefined;
let h: KevHarness | undefined;
let fake: FakeBotApi | undefined;
let stack: Stack | undefined;
afterEach(async () => {
  await llm?.close();
  await bench?.cleanup();
  h?.cleanup();
  await stack?.stop();
  await fake?.close();
  llm = bench = h = fake = stack = undefined;
});

const research = {
  kind: 'new_task',
  tasks: [
    {
      title: 'Research vector databases',
      instruction: 'Research vector databases',
      type: 'research',
      agent: 'Scout',
    },
  ],
  taskId: null,
  text: null,
  memoryId: null,
  options: null,
};

async function console(extra: Record<string, string>): Promise<string> {
  llm = await startOpenAiFake();
  llm.script(jsonReply(research), slow(300, textReply('1. Qdrant\n2. pgvector')));
  const dir = tempDir();
  const screen = new Screen();
  const env = {
    KEV_DATA_DIR: dir,
    KEV_LOG_LEVEL: 'silent',
    KEV_TIMEZONE: 'UTC',
    PATH: '',
    CEREBRAS_API_KEY: 'csk-fake',
    CEREBRAS_BASE_URL: llm.baseUrl,
    ...extra,
  };
  const kev = await run({ env, cwd: dir, input: screen.input, output: screen.output, graceMs: 0 });
  screen.type('research vector databases');
  await screen.waitFor(/Review #1/);
  screen.input.end();
  await kev.done;
  return screen.text;
}

describe('progress', () => {
  it('says "Started" for work still running past the threshold, before the review', async () => {
    const text = await console({ KEV_STARTED_NOTICE_AFTER_S: '0' });
    expect(text).toContain('Started #1 · Scout on cerebras/gpt-oss-120b');
    expect(text.indexOf('Started #1')).toBeLessThan(text.indexOf('Review #1'));
  });

  it('says nothing when KEV_PROGRESS=off, or when the work ends before the threshold', async () => {
    expect(await console({ KEV_STARTED_NOTICE_AFTER_S: '0', KEV_PROGRESS: 'off' })).not.toContain(
      'Started #1',
    );
    await llm?.close();
    expect(await console({ KEV_STARTED_NOTICE_AFTER_S: '600' })).not.toContain('Started #1');
  });

  it('keeps one message for a coding session, edited with the elapsed time and the CLI’s last words', async () => {
    bench = buildBench({
      installed: ['codex'],
      codex: { FAKE_CLI_MODE: 'hang_with_grandchild' },
      progress: { startedAfterMs: 5_000, everyMs: 20 },
    });
    const task = bench.task('Update the copy in every module', {
      project: 'copy',
      type: 'code_batch',
      agent: 'Forge',
    });
    bench.dispatcher.kick();
    await bench.h.delivery.drain();
    for (
      let i = 0;
      i < 500 && !bench.h.transport.edits.some((e) => /Last: working/.test(e.message.text));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20));
      await bench.h.delivery.drain();
    }
    const started = bench.h.transport.sent.filter((s) => s.message.text.startsWith(`Started #${task.id}`));
    expect(started).toHaveLength(1);
    expect(started[0]?.message.text).toBe(`Started #${task.id} · Forge on codex/gpt-5-codex`);
    const edit = bench.h.transport.edits.find((e) => /Last: working/.test(e.message.text));
    expect(edit?.externalId).toBe(started[0]?.id);
    expect(edit?.message.text).toMatch(
      new RegExp(`^Running #${task.id} · Forge on codex/gpt-5-codex · \\d+ s so far\\nLast: working`),
    );
    await bench.h.say(`/cancel ${task.id}`);
    await bench.until(task.id, 'cancelled');
    for (let i = 0; i < 500 && !bench.h.transport.edits.some((e) => /^Stopped #/.test(e.message.text)); i++) {
      await new Promise((r) => setTimeout(r, 20));
      await bench.h.delivery.drain();
    }
    expect(bench.h.transport.sent.filter((s) => s.message.text.startsWith('Started #'))).toHaveLength(1);
    expect(bench.h.transport.edits.at(-1)?.message.text).toMatch(
      /^Stopped #\d+ · Forge on codex\/gpt-5-codex · after/,
    );
  });

  it('shows how long each running task has been at it in /status', async () => {
    h = kevHarness();
    h.store.tasks.create({ title: 'Compare vector databases', type: 'research', agent: 'Scout' });
    h.store.tasks.claim('w', 3_600_000);
    h.clock.advance(3 * 60_000 + 5_000);
    const [status] = await h.say('/status');
    expect(status?.text).toContain('#1 Scout — Compare vector databases (attempt 1, 3 min)');
  });

  it('keeps "typing…" alive while Kev’s own model call is under way', async () => {
    fake = await startFakeBotApi();
    fake.world.privateChat(OWNER);
    const parser = new GatedParser();
    stack = await startStack({
      fake,
      file: `${tempDir('kev-typing-')}/kev.db`,
      parser,
      transport: { typingRepeatMs: 20 },
    });
    fake.world.userText(OWNER, 'a slow question');
    const typing = () =>
      fake!.world.chatActions.filter((a) => a.chatId === OWNER.id && a.action === 'typing').length;
    await fake.waitFor(() => typing() >= 3, 'typing renewed');
    parser.open();
  });
});
