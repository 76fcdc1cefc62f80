// End to end through the composition root: the console transport over streams, the real store,
// the offline rules, the dispatcher and (for the provider run) a fake Cerebras server.

import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/main.js';
import { type FakeServer, jsonReply, startOpenAiFake, textReply } from './fakes/llm/index.js';
import { Screen } from './helpers/screen.js';
import { tempDir } from './helpers/store.js';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const baseEnv = (dir: string) => ({
  KEV_DATA_DIR: dir,
  KEV_LOG_LEVEL: 'silent',
  KEV_TIMEZONE: 'UTC',
  PATH: '',
});

describe('console, end to end', () => {
  it('answers piped lines in order, keeps the task across runs, and exits at end of input', async () => {
    const dir = tempDir();
    const screen = new Screen();
    const kev = await run({
      env: baseEnv(dir),
      cwd: dir,
      input: screen.input,
      output: screen.output,
      graceMs: 0,
    });
    screen.input.end('/help\nresearch the best open-source vector databases\n/queue\n');
    await kev.done;
    const out = screen.text;
    expect(out).toContain('/approve <id>');
    expect(out).toMatch(/Queued #1 · research for Scout: Research the best open-source vector databases/);
    expect(out.indexOf('you › /queue')).toBeLessThan(out.indexOf('#1 research · Scout · ready'));

    const again = new Screen();
    const second = await run({
      env: baseEnv(dir),
      cwd: dir,
      input: again.input,
      output: again.output,
      graceMs: 0,
    });
    again.input.end('/queue\n');
    await second.done;
    expect(again.text).toContain('#1 research · Scout · ready');
  });

  it('shows choices as numbered options and takes the answer by number', async () => {
    const dir = tempDir();
    const screen = new Screen();
    const kev = await run({
      env: baseEnv(dir),
      cwd: dir,
      input: screen.input,
      output: screen.output,
      graceMs: 0,
    });
    screen.type('deploy the landing page to production');
    await screen.waitFor(/\[1\] Confirm {2}\[2\] Cancel/);
    screen.type('1');
    await screen.waitFor(/Confirmed #1/);
    screen.input.end();
    await kev.done;
  });

  it('runs a task on a configured provider: review with result and cost, then /cost and approve', async () => {
    fake = await startOpenAiFake();
    // With a model configured, the triage model reads the message first (the LLM parser), then Scout runs.
    const research = {
      title: 'Research the best open-source vector databases',
      instruction: 'Research the best open-source vector databases',
      type: 'research',
      agent: 'Scout',
    };
    const parsed = {
      kind: 'new_task',
      tasks: [research],
      taskId: null,
      text: null,
      memoryId: null,
      options: null,
    };
    fake.script(
      jsonReply(parsed),
      textReply('1. Qdrant\n2. pgvector\n3. Weaviate', { inputTokens: 2000, outputTokens: 1000 }),
    );
    const dir = tempDir();
    const screen = new Screen();
    const env = { ...baseEnv(dir), CEREBRAS_API_KEY: 'csk-fake', CEREBRAS_BASE_URL: fake.baseUrl };
    const kev = await run({ env, cwd: dir, input: screen.input, output: screen.output, graceMs: 0 });
    screen.type('research the best open-source vector databases');
    await screen.waitFor(/Review #1 · research by Scout/);
    expect(screen.text).toContain('Model: cerebras/gpt-oss-120b');
    expect(screen.text).toContain('1. Qdrant');
    // 2000 × $0.35/M + 1000 × $0.75/M = $0.00145
    expect(screen.text).toContain('Cost: $0.00145');
    expect(screen.text).toMatch(/\[1\] Approve {2}\[2\] Reject {2}\[3\] Revise/);
    screen.type('/cost');
    await screen.waitFor(/This week by agent:\n\s+Scout: \$0\.00145 \(1 run\)/);
    screen.type('1');
    await screen.waitFor(/Approved #1/);
    screen.input.end();
    await kev.done;
    expect(fake.requests).toHaveLength(2);
  });
});
