// `kev route`, the dry run, through the real CLI in a child process: the LLM parser against a fake
// Cerebras server, the offline rules with --offline, and a database that stays byte for byte the same.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { RouteResult } from '../src/cli/route.js';
import { openStore } from '../src/db/index.js';
import { type FakeServer, jsonReply, startOpenAiFake } from './fakes/llm/index.js';
import { answer, task } from './helpers/llm-triage.js';
import { tempDir } from './helpers/store.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'kev.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function route(dir: string, args: string[], extra: Record<string, string> = {}): Promise<RouteResult> {
  const env = {
    PATH: '',
    HOME: dir,
    KEV_DATA_DIR: join(dir, 'data'),
    KEV_CONFIG_FILE: join(dir, 'kev.config.json'),
    KEV_LOG_LEVEL: 'silent',
    ...extra,
  };
  const { stdout } = await run(process.execPath, ['--import', TSX, CLI, 'route', '--json', ...args], {
    cwd: dir,
    env,
  });
  return JSON.parse(stdout) as RouteResult;
}

async function withFake(): Promise<Record<string, string>> {
  fake = await startOpenAiFake();
  return { CEREBRAS_API_KEY: 'csk-route-test', CEREBRAS_BASE_URL: fake.baseUrl };
}

const MESSAGE = 'research Notion pricing and draft a PRD for our pricing page';

// Each case starts Node with the TypeScript loader once or more: generous under a loaded machine.
describe('kev route --json', { timeout: 90_000 }, () => {
  it('shows what the LLM parser would do: tasks, agents, ladders, estimated cost, confirmation', async () => {
    const dir = tempDir();
    const env = await withFake();
    fake!.script(
      jsonReply(
        answer('new_task', {
          tasks: [
            task('Research Notion pricing', 'research', 'Scout'),
            task('Draft a PRD for our pricing page', 'strategy', 'Atlas'),
          ],
        }),
      ),
    );
    const result = await route(dir, [MESSAGE], env);
    expect(result).toMatchObject({
      parser: 'llm',
      model: 'cerebras/gpt-oss-120b',
      intent: 'new_task',
      tasks: [
        {
          title: 'Research Notion pricing',
          type: 'research',
          agent: 'Scout',
          ladder: ['cerebras/gpt-oss-120b', 'gemini/gemini-2.5-pro'],
          state: 'ready',
          confirm: false,
          estimateModel: 'cerebras/gpt-oss-120b',
        },
        {
          type: 'strategy',
          agent: 'Atlas',
          state: 'ready',
          confirm: false,
          estimateModel: 'gemini/gemini-2.5-pro',
        },
      ],
    });
    expect(result.fallback).toBeUndefined();
    for (const routed of result.tasks) expect(routed.estimatedCostUsd).toBeGreaterThan(0);
    expect(fake!.calls()).toHaveLength(1);
    expect(fake!.calls()[0]?.turns[0]?.text).toContain(MESSAGE);
  });

  it('says why Kev would ask to confirm, and that the rules answered when the model failed', async () => {
    const dir = tempDir();
    const env = await withFake();
    const result = await route(dir, ['deploy the landing page to production'], {
      ...env,
      KEV_CONFIRM_ABOVE_USD: '0.0001',
    });
    expect(result).toMatchObject({
      parser: 'llm',
      intent: 'new_task',
      fallback: expect.stringMatching(/500|server/i),
    });
    expect(result.tasks[0]).toMatchObject({
      agent: 'Forge',
      state: 'backlog',
      confirm: true,
      why: 'deploys',
    });

    const costly = await route(dir, ['summarise the meeting notes'], {
      ...env,
      KEV_CONFIRM_ABOVE_USD: '0.0001',
    });
    expect(costly.tasks[0]).toMatchObject({
      confirm: true,
      why: expect.stringMatching(/^could cost up to \$/),
    });
  });

  it('uses the offline rules with --offline and never calls the model', async () => {
    const dir = tempDir();
    const env = await withFake();
    const result = await route(dir, ['--offline', MESSAGE], env);
    expect(result).toMatchObject({
      parser: 'rules',
      intent: 'new_task',
      tasks: [
        { type: 'research', agent: 'Scout' },
        { type: 'strategy', agent: 'Atlas' },
      ],
    });
    expect(result.model).toBeUndefined();
    expect(fake!.requests).toHaveLength(0);
  });

  it('uses the rules when no model is configured', async () => {
    const result = await route(tempDir(), ['approve 3']);
    expect(result).toMatchObject({ parser: 'rules', intent: 'approve', taskId: 3, tasks: [] });
  });

  it('changes nothing in the database, whichever parser runs', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const store = openStore(join(dataDir, 'kev.db'));
    const created = store.tasks.create({
      title: 'Compare vector databases',
      type: 'research',
      agent: 'Scout',
    });
    store.close();
    const snapshot = () =>
      Object.fromEntries(
        readdirSync(dataDir).map((name) => [
          name,
          createHash('sha256')
            .update(readFileSync(join(dataDir, name)))
            .digest('hex'),
        ]),
      );
    const before = snapshot();
    const env = await withFake();
    fake!.script(jsonReply(answer('approve', { taskId: created.id })));
    const approve = await route(dir, [`approve #${created.id}`], env);
    expect(approve).toMatchObject({ parser: 'llm', intent: 'approve', taskId: created.id });
    await route(dir, ['--offline', `cancel ${created.id}`], env);
    expect(snapshot()).toEqual(before);
    expect(existsSync(join(dataDir, 'kev.db-wal'))).toBe(before['kev.db-wal'] !== undefined);
  });
});
