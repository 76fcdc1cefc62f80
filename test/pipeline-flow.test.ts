// The pipeline's policy in the core, with stage results written straight into the queue (no models):
// the commands and the offline intent, one task per stage, a deploy target that waits for a confirm,
// cancel and retry, catching up after a crash, and the stage templates from kev.config.json.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/config.js';
import { loadPipelinePlan } from '../src/config/policy-file.js';
import { RulesParser } from '../src/intents/rules.js';
import { buildBrief } from '../src/kev/brief/build.js';
import { parseCommand } from '../src/kev/commands.js';
import {
  DEFAULT_PLAN,
  followPipeline,
  type PipelinePlan,
  pipelineSummaries,
} from '../src/kev/pipeline/index.js';
import { resolveSchedules } from '../src/kev/schedules/table.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { jsonReply } from './fakes/llm/index.js';
import { type KevHarness, kevHarness } from './helpers/kev.js';
import { answer, type FakeTriage, fakeTriage } from './helpers/llm-triage.js';
import { tempDir } from './helpers/store.js';

let h: KevHarness | undefined;
let triage: FakeTriage | undefined;
afterEach(async () => {
  h?.cleanup();
  h = undefined;
  await triage?.fake.close();
  triage = undefined;
});

function open(pipelinePlan?: PipelinePlan): KevHarness {
  h = kevHarness({ parser: new RulesParser(), ...(pipelinePlan ? { pipelinePlan } : {}) });
  return h;
}

function stageTask(k: KevHarness) {
  const id = pipelineSummaries(k.store)[0]?.taskId;
  if (!id) throw new Error('no stage task');
  return k.store.tasks.require(id);
}

/** The worker's part, done by hand: claim the stage's task and hand in a result for review. */
function hand(k: KevHarness, result: string) {
  const task = stageTask(k);
  if (task.state === 'backlog') k.store.tasks.move(task.id, 'ready');
  const claimed = k.store.tasks.claim('worker', 60_000);
  expect(claimed?.id).toBe(task.id);
  return k.store.tasks.complete(task.id, 'worker', result);
}

/** Hands in a result and approves it, as the owner would; repository stages are merged at once. */
async function pass(k: KevHarness, result: string): Promise<void> {
  const task = hand(k, result);
  if (task.project) {
    // No git here: stand in for the merge service, which moves review → done and follows the pipeline.
    k.store.tasks.move(task.id, 'done', { reason: 'merged' });
    k.kev.apply({ platform: 'memory', chatId: 'c1' }, () => followPipeline(k.store, task.id));
    await k.delivery.drain();
  } else {
    await k.say(`/approve ${task.id}`);
  }
}

describe('pipeline commands and intents', () => {
  it('reads /pipeline, /pipeline resume and /pipelines', () => {
    const parse = (text: string) => {
      const command = parseCommand(text);
      return command?.row?.parse(command.args, {
        draft: () => ({ title: '', body: '', type: 'research', agent: 'Scout' }),
      });
    };
    expect(parse('/pipeline a CLI that converts PDFs')).toEqual({
      kind: 'pipeline',
      idea: 'a CLI that converts PDFs',
    });
    expect(parse('/pipeline resume 3')).toEqual({ kind: 'pipelines', resume: 3 });
    expect(parse('/pipeline resume #3')).toEqual({ kind: 'pipelines', resume: 3 });
    expect(parse('/pipeline resume builder app')).toEqual({ kind: 'pipeline', idea: 'resume builder app' });
    expect(parse('/pipeline resume')).toMatch(/needs a pipeline number/);
    expect(parse('/pipeline')).toMatch(/needs an idea/);
    expect(parse('/pipelines')).toEqual({ kind: 'pipelines' });
  });

  it('"run this idea through the factory" takes the idea from the owner’s previous message', async () => {
    const k = open();
    await k.say('a CLI that converts PDFs to Markdown');
    const replies = await k.say('run this idea through the factory');
    expect(replies[0]?.text).toContain('Pipeline #1 for “a CLI that converts PDFs to Markdown”');
    expect(replies[0]?.text).toContain('No model for Scout is configured yet, so it waits in the queue');
    expect(k.store.pipelines.get(1)?.idea).toBe('a CLI that converts PDFs to Markdown');

    const direct = await k.say('run this idea through the factory: an invoice chaser for freelancers');
    expect(direct[0]?.text).toContain('Pipeline #2 for “an invoice chaser for freelancers”');
    expect((await k.say('how are my pipelines doing?'))[0]?.text).toMatch(
      /^Pipelines:\n#2 an invoice chaser for freelancers — stage 1\/7 IDEATION · running \(#\d+ ready\)/,
    );
  });
});

describe('pipeline intent from the model', () => {
  it('the LLM parser’s pipeline intent starts a pipeline with the idea it read', async () => {
    triage = await fakeTriage();
    triage.fake.script(jsonReply(answer('pipeline', { text: 'a CLI that converts PDFs to Markdown' })));
    h = kevHarness({ parser: triage.parser, configured: ['cerebras'] });
    const replies = await h.say('ok put my PDF-to-Markdown CLI idea through the whole factory please');
    expect(replies[0]?.text).toContain('Pipeline #1 for “a CLI that converts PDFs to Markdown”');
    const schema = JSON.stringify(triage.fake.requests[0]?.body);
    expect(schema).toContain('run an idea through the factory');
    expect(schema).toContain('"pipelines"');
  });
});

describe('pipeline flow', () => {
  it('keeps one task per stage and moves on exactly once', async () => {
    const k = open();
    await k.say('/pipeline a CLI that converts PDFs to Markdown');
    expect(k.store.tasks.list()).toHaveLength(1);
    const first = stageTask(k);
    expect(first).toMatchObject({ type: 'research', agent: 'Scout', state: 'ready', project: null });
    await pass(k, 'BRIEF');
    expect(k.store.tasks.list()).toHaveLength(2);
    // Following the approved stage again (a retried event, a second process) changes nothing.
    expect(followPipeline(k.store, first.id)).toEqual([]);
    expect(k.store.tasks.list()).toHaveLength(2);
    const research = stageTask(k);
    expect(research.body).toContain('Your input: the approved result of stage 1/7 IDEATION');
    expect(research.body).toContain('BRIEF');
  });

  it('a cancelled stage stops the pipeline, and /retry of its task runs it again', async () => {
    const k = open();
    await k.say('/pipeline a CLI that converts PDFs to Markdown');
    const task = stageTask(k);
    const cancelled = await k.say(`/cancel ${task.id}`);
    expect(cancelled.map((m) => m.text)).toContain(
      `Pipeline #1 stopped at stage 1/7 IDEATION (#${task.id}: cancelled by the owner). /pipeline resume 1 runs the stage again.`,
    );
    expect(k.store.pipelines.get(1)?.state).toBe('stopped');
    const retried = await k.say(`/retry ${task.id}`);
    expect(retried.map((m) => m.text)).toContain(
      `Pipeline #1 runs again at stage 1/7 IDEATION (#${task.id}).`,
    );
    expect(k.store.pipelines.get(1)).toMatchObject({ state: 'running', note: null });
  });

  it('repository stages work in the pipeline’s project; DEPLOY deploys nowhere without a target', async () => {
    const k = open();
    await k.say('/pipeline a CLI that converts PDFs to Markdown');
    for (const result of ['BRIEF', 'RESEARCH', 'PRD']) await pass(k, result);
    const build = stageTask(k);
    expect(build).toMatchObject({
      type: 'code',
      agent: 'Rex',
      project: 'pipeline-1-a-cli-that-converts-pdfs-to-markdown',
    });
    await pass(k, 'BUILT');
    expect(stageTask(k)).toMatchObject({ type: 'code', agent: 'Hawk', project: build.project });
    await pass(k, 'TESTED');
    const deploy = stageTask(k);
    expect(deploy).toMatchObject({
      type: 'code_batch',
      agent: 'Forge',
      state: 'ready',
      project: build.project,
    });
    expect(deploy.body).toContain(
      'No deploy target is configured: do not deploy, publish, push or upload anything',
    );
    expect(deploy.body).toContain('Earlier stages, summed up:');
    expect(deploy.body).toContain('- stage 4/7 BUILD');
  });

  it('with a deploy target, DEPLOY names it and waits for the owner’s Confirm', async () => {
    const k = open({ ...DEFAULT_PLAN, deployTarget: 'the fly.io app pdf2md' });
    await k.say('/pipeline a CLI that converts PDFs to Markdown');
    for (const result of ['BRIEF', 'RESEARCH', 'PRD', 'BUILT']) await pass(k, result);
    const test = hand(k, 'TESTED');
    k.store.tasks.move(test.id, 'done');
    k.kev.apply({ platform: 'memory', chatId: 'c1' }, () => followPipeline(k.store, test.id));
    await k.delivery.drain();
    const deploy = stageTask(k);
    expect(deploy.state).toBe('backlog');
    expect(deploy.body).toContain('The owner configured this deploy target: the fly.io app pdf2md.');
    const ask = k.transport.last();
    expect(ask.text).toContain('deploys to the fly.io app pdf2md, so it waits until you confirm');
    expect(ask.choices).toEqual(['Confirm', 'Cancel']);
    await k.say(`/approve ${deploy.id}`);
    expect(k.store.tasks.require(deploy.id).state).toBe('ready');
    expect(k.store.pipelines.get(1)?.state).toBe('running');
  });

  it('catches up on a stage that was approved but never followed (a crash in between)', async () => {
    const k = open();
    await k.say('/pipeline a CLI that converts PDFs to Markdown');
    const task = hand(k, 'BRIEF');
    k.store.tasks.move(task.id, 'done', { reason: 'approved' });
    expect(k.store.tasks.list()).toHaveLength(1);
    const listing = await k.say('/pipelines');
    expect(listing[0]?.text).toMatch(/^Pipeline #1 · stage 2\/7 RESEARCH: queued #2 for Scout\.$/);
    expect(listing[1]?.text).toContain('stage 2/7 RESEARCH · running (#2 ready)');
    await k.say('/pipelines');
    expect(k.store.tasks.list()).toHaveLength(2);
  });
});

describe('the brief’s pipeline section', () => {
  const brief = (k: KevHarness, since: number) =>
    buildBrief({
      store: k.store,
      now: k.clock.read(),
      timezone: 'UTC',
      dailyBudgetUsd: 5,
      jobs: resolveSchedules(),
      since,
    }).text;

  it('names each pipeline under way with its stage, and a stopped one as stopped', async () => {
    const k = open();
    expect(brief(k, 0)).not.toContain('Pipelines');
    await k.say('/pipeline a CLI that converts PDFs to Markdown');
    await pass(k, 'BRIEF');
    await k.say('/pipeline an invoice chaser');
    await k.say(`/cancel ${k.store.pipelines.runs(2)[0]?.taskId}`);
    const text = brief(k, 0);
    expect(text).toContain('Pipelines (2)');
    expect(text).toMatch(/• #2 an invoice chaser — stage 1\/7 IDEATION stopped, #\d+ cancelled · \$0\.00/);
    expect(text).toMatch(/• #1 a CLI that converts PDFs to… — stage 2\/7 RESEARCH, #2 ready · \$0\.00/);
  });

  it('keeps a finished pipeline only in the first brief after it finished', async () => {
    const k = open();
    await k.say('/pipeline a CLI that converts PDFs to Markdown');
    for (const r of ['BRIEF', 'RESEARCH', 'PRD', 'BUILT', 'TESTED', 'RELEASED', 'COPY']) await pass(k, r);
    expect(k.store.pipelines.get(1)?.state).toBe('done');
    const doneAt = k.store.pipelines.get(1)?.updatedAt ?? 0;
    expect(brief(k, doneAt - 1)).toMatch(/• #1 a CLI that converts PDFs to… — done · /);
    expect(brief(k, doneAt + 1)).not.toContain('Pipelines');
  });
});

describe('stage templates in kev.config.json', () => {
  const write = (json: unknown) => {
    const file = join(tempDir('kev-config-'), 'kev.config.json');
    writeFileSync(file, JSON.stringify(json));
    return file;
  };

  it('replaces a stage’s agent, type or prompt, and takes a deploy target', () => {
    const plan = loadPipelinePlan(
      write({
        pipeline: {
          stages: {
            TEST: { type: 'qa' },
            MARKET: { agent: 'Echo', prompt: 'Write one tweet about {idea}.' },
          },
          deployTarget: 'npm, as pdf2md',
        },
      }),
      DEFAULT_POLICY,
    );
    expect(plan.stages.map((s) => s.name)).toEqual(DEFAULT_PLAN.stages.map((s) => s.name));
    expect(plan.stages[4]).toMatchObject({ name: 'TEST', agent: 'Hawk', type: 'qa', repo: true });
    expect(plan.stages[6]).toMatchObject({
      agent: 'Echo',
      type: 'marketing',
      prompt: 'Write one tweet about {idea}.',
    });
    expect(plan.deployTarget).toBe('npm, as pdf2md');
    expect(loadPipelinePlan(write({ models: {} }), DEFAULT_POLICY)).toBe(DEFAULT_PLAN);
  });

  it('refuses an unknown stage, type or agent with a sentence naming the field', () => {
    const load = (pipeline: unknown) => () => loadPipelinePlan(write({ pipeline }), DEFAULT_POLICY);
    expect(load({ stages: { SHIP: { agent: 'Rex' } } })).toThrow(
      /pipeline\.stages\.SHIP: unknown field \(known: IDEATION, RESEARCH, PRD, /,
    );
    expect(load({ stages: { PRD: { type: 'poetry' } } })).toThrow(
      /pipeline\.stages\.PRD\.type: Invalid option/,
    );
    expect(load({ stages: { PRD: { agent: 'Zed' } } })).toThrow(ConfigError);
    expect(load({ stages: { PRD: { agent: 'Zed' } } })).toThrow(
      /pipeline\.stages\.PRD\.agent names no agent "Zed"/,
    );
  });
});
