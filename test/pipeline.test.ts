// The seven-stage factory pipeline below the chat: fake model servers (Cerebras for Scout and Blaze,
// Gemini for Atlas) and the fake `claude` / `codex` for Rex, Hawk and Forge in the pipeline's own
// repository. Each stage's prompt must carry the previous stage's approved result; Revise reruns a
// stage with the notes; Reject stops the pipeline and /pipeline resume goes on.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskRow } from '../src/db/index.js';
import { pipelineSummaries } from '../src/kev/pipeline/index.js';
import { formatUsd } from '../src/router/catalogue.js';
import { type FakeLogEntry, readLog } from './fakes/cli/helpers.js';
import { type FakeServer, startGeminiFake, startOpenAiFake, textReply } from './fakes/llm/index.js';
import { type BuildBench, buildBench } from './helpers/build.js';
import { tempDir } from './helpers/store.js';

const STAGES = ['IDEATION', 'RESEARCH', 'PRD', 'BUILD', 'TEST', 'DEPLOY', 'MARKET'];
const IDEA = 'a CLI that converts PDFs to Markdown';

let bench: BuildBench | undefined;
let servers: FakeServer[] = [];
let scratch: string | undefined;

afterEach(async () => {
  await bench?.cleanup();
  bench = undefined;
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

interface Factory {
  b: BuildBench;
  cerebras: FakeServer;
  gemini: FakeServer;
  /** Every fake CLI call, oldest first. */
  cliCalls(): FakeLogEntry[];
}

async function factory(options: { cli?: boolean } = {}): Promise<Factory> {
  const cerebras = await startOpenAiFake();
  const gemini = await startGeminiFake();
  servers = [cerebras, gemini];
  scratch = tempDir('kev-pipeline-');
  const log = join(scratch, 'cli.jsonl');
  const cliEnv = { FAKE_CLI_LOG: log, FAKE_CLI_SUMMARY: 'Work done in {dir}' };
  bench = buildBench({
    installed: options.cli === false ? [] : ['claude_code', 'codex'],
    claude: cliEnv,
    codex: cliEnv,
    providers: {
      cerebras: { apiKey: 'csk-fake', baseUrl: cerebras.baseUrl },
      gemini: { apiKey: 'gemini-fake', baseUrl: gemini.baseUrl },
    },
  });
  return { b: bench, cerebras, gemini, cliCalls: () => readLog(log) };
}

/** The current stage's latest task of pipeline 1. */
function current(b: BuildBench): TaskRow {
  const [summary] = pipelineSummaries(b.h.store);
  if (!summary?.taskId) throw new Error('no pipeline task');
  return b.h.store.tasks.require(summary.taskId);
}

/** What the last call to a fake model server carried, as one text. */
function lastPrompt(server: FakeServer): string {
  const call = server.calls().at(-1);
  return [call?.system ?? '', ...(call?.turns ?? []).map((t) => t.text)].join('\n');
}

/** The prompt of a fake CLI call: everything after `--`. */
function cliPrompt(entry: FakeLogEntry | undefined): string {
  if (!entry) throw new Error('no CLI call');
  const dash = entry.argv.indexOf('--');
  return dash === -1 ? (entry.argv.at(-1) ?? '') : entry.argv.slice(dash + 1).join(' ');
}

/** Runs the stage to review and checks its review request names the pipeline and the stage. */
async function review(b: BuildBench, stage: number): Promise<TaskRow> {
  const task = await b.until(current(b).id, 'review');
  const request = b.h.transport.texts().find((t) => t.startsWith(`Review #${task.id} `));
  expect(request).toContain(`Pipeline #1 “${IDEA}” · stage ${stage + 1}/7 ${STAGES[stage]}`);
  return task;
}

/** Approves the stage task; a repository stage is done once the merge service merged it. */
async function approve(b: BuildBench, task: TaskRow): Promise<void> {
  await b.h.say(`/approve ${task.id}`);
  if (task.branch) await b.until(task.id, 'done');
  expect(b.h.store.tasks.require(task.id).state).toBe('done');
}

// Walking seven stages runs four model calls and three CLI sessions with git merges: on a busy box
// that can take longer than the default 20 s.
describe('the factory pipeline', () => {
  it('walks all seven stages by approvals, each prompt carrying the previous result, cost summed', async () => {
    const { b, cerebras, gemini, cliCalls } = await factory();
    cerebras.script(
      textReply('IDEA-BRIEF: pdf2md, for developers who keep docs in Markdown', {
        inputTokens: 1000,
        outputTokens: 400,
      }),
      textReply('RESEARCH-NOTES: marker and pandoc compete; people pay $5/month', {
        inputTokens: 1200,
        outputTokens: 600,
      }),
      textReply('LAUNCH-COPY: pdf2md turns any PDF into clean Markdown', {
        inputTokens: 2000,
        outputTokens: 300,
      }),
    );
    gemini.script(
      textReply('PRD-DOC: convert text, tables and headings; tests for each', {
        inputTokens: 3000,
        outputTokens: 1500,
      }),
    );

    const started = await b.h.say(`/pipeline ${IDEA}`);
    expect(started[0]?.text).toContain('Pipeline #1 for “a CLI that converts PDFs to Markdown”');
    expect(started[0]?.text).toContain(STAGES.join(' → '));
    // Only the current stage has a task.
    expect(b.h.store.tasks.list().map((t) => t.title)).toEqual([`Pipeline #1 IDEATION: ${IDEA}`]);

    // 1 IDEATION (Scout): the idea itself is the input.
    let task = await review(b, 0);
    expect(task.agent).toBe('Scout');
    expect(lastPrompt(cerebras)).toContain(IDEA);
    await approve(b, task);

    // 2 RESEARCH (Scout) gets IDEATION's result.
    task = await review(b, 1);
    expect(lastPrompt(cerebras)).toContain('IDEA-BRIEF: pdf2md');
    await approve(b, task);

    // 3 PRD (Atlas, Gemini) gets RESEARCH's result and IDEATION's summary.
    task = await review(b, 2);
    expect(task.agent).toBe('Atlas');
    expect(lastPrompt(gemini)).toContain('RESEARCH-NOTES: marker and pandoc');
    expect(lastPrompt(gemini)).toContain('IDEA-BRIEF: pdf2md');
    await approve(b, task);

    // 4 BUILD (Rex, Claude Code) in the pipeline's own repository gets the PRD.
    const build = await review(b, 3);
    expect(build.agent).toBe('Rex');
    const project = pipelineSummaries(b.h.store)[0]?.project ?? '';
    expect(project).toBe('pipeline-1-a-cli-that-converts-pdfs-to-markdown');
    expect(build.project).toBe(project);
    expect(cliCalls()).toHaveLength(1);
    expect(cliCalls()[0]?.cli).toBe('claude');
    expect(cliCalls()[0]?.cwd).toBe(build.worktree);
    expect(cliPrompt(cliCalls()[0])).toContain('PRD-DOC: convert text, tables and headings');
    await approve(b, build);

    // 5 TEST (Hawk, Claude Code) in the same repository gets the build's summary and branch.
    const test = await review(b, 4);
    expect(test.agent).toBe('Hawk');
    expect(test.project).toBe(project);
    expect(cliCalls()[1]?.cwd).toBe(test.worktree);
    expect(test.worktree?.startsWith(`${b.repo(project)}.worktrees`)).toBe(true);
    const testPrompt = cliPrompt(cliCalls()[1]);
    expect(testPrompt).toContain(`Work done in ${build.worktree?.split('/').at(-1)}`);
    expect(testPrompt).toContain(`branch ${build.branch}`);
    await approve(b, test);

    // 6 DEPLOY (Forge, Codex) gets the test report and is told there is no deploy target.
    const deploy = await review(b, 5);
    expect(deploy.agent).toBe('Forge');
    expect(cliCalls()[2]?.cli).toBe('codex');
    const deployPrompt = cliPrompt(cliCalls()[2]);
    expect(deployPrompt).toContain(`Work done in ${test.worktree?.split('/').at(-1)}`);
    expect(deployPrompt).toContain('No deploy target is configured: do not deploy');
    await approve(b, deploy);

    // 7 MARKET (Blaze) gets the release.
    task = await review(b, 6);
    expect(task.agent).toBe('Blaze');
    expect(lastPrompt(cerebras)).toContain(`Work done in ${deploy.worktree?.split('/').at(-1)}`);
    await approve(b, task);

    const [summary] = pipelineSummaries(b.h.store);
    expect(summary?.state).toBe('done');
    expect(b.h.transport.texts().at(-1)).toMatch(/^Pipeline #1 is done: all 7 stages approved/);
    // Seven tasks, one per stage; the three repository stages merged into the project's main.
    const tasks = b.h.store.tasks.list();
    expect(tasks).toHaveLength(7);
    const merges = await b.git(b.repo(project), 'log', '--merges', '--format=%s', 'main');
    expect(merges.split('\n').filter(Boolean)).toHaveLength(3);
    // The pipeline's cost is every stage's cost, from the ledger.
    const total = tasks.reduce((sum, t) => sum + t.costMicros, 0);
    expect(tasks.every((t) => t.costMicros > 0)).toBe(true);
    expect(summary?.costMicros).toBe(total);
    await b.h.say('/pipelines');
    expect(b.h.transport.texts().at(-1)).toContain(
      `#1 ${IDEA} — done (7/7 stages) · ${formatUsd(total)} so far of $40–70`,
    );
  }, 60_000);

  it('reruns a stage with the notes on Revise, and the next stage gets the revised result', async () => {
    const { b, cerebras, gemini, cliCalls } = await factory();
    cerebras.script(textReply('IDEA-BRIEF'), textReply('RESEARCH-NOTES'));
    gemini.script(textReply('PRD-FIRST-DRAFT'), textReply('PRD-WITH-PRICING'));
    await b.h.say(`/pipeline ${IDEA}`);
    await approve(b, await review(b, 0));
    await approve(b, await review(b, 1));

    const prd = await review(b, 2);
    await b.h.say(`/revise ${prd.id} add a pricing section`);
    const revised = await review(b, 2);
    expect(revised.id).toBe(prd.id);
    expect(gemini.calls()).toHaveLength(2);
    expect(lastPrompt(gemini)).toContain('add a pricing section');
    expect(revised.result).toBe('PRD-WITH-PRICING');
    await approve(b, revised);

    const build = await review(b, 3);
    expect(cliPrompt(cliCalls()[0])).toContain('PRD-WITH-PRICING');
    expect(cliPrompt(cliCalls()[0])).not.toContain('PRD-FIRST-DRAFT');

    // A coding stage too: the notes reach the CLI session that reruns it.
    await b.h.say(`/revise ${build.id} add a --stdout flag`);
    await review(b, 3);
    expect(cliCalls()).toHaveLength(2);
    expect(cliPrompt(cliCalls()[1])).toContain('add a --stdout flag');
  }, 60_000);

  it('stops on Reject and goes on with /pipeline resume, the stage rerun with the reason', async () => {
    const { b, cerebras, gemini } = await factory({ cli: false });
    cerebras.script(textReply('IDEA-BRIEF'), textReply('SHALLOW-RESEARCH'), textReply('DEEP-RESEARCH'));
    gemini.script(textReply('PRD-DOC'));
    await b.h.say(`/pipeline ${IDEA}`);
    await approve(b, await review(b, 0));

    const research = await review(b, 1);
    const rejected = await b.h.say(`/reject ${research.id} too shallow`);
    expect(rejected.map((m) => m.text).join('\n')).toContain(
      `Pipeline #1 stopped at stage 2/7 RESEARCH (#${research.id}: too shallow). /pipeline resume 1 runs the stage again.`,
    );
    expect(pipelineSummaries(b.h.store)[0]).toMatchObject({
      state: 'stopped',
      stage: 1,
      note: 'too shallow',
    });
    // Stopped means stopped: nothing new runs.
    b.dispatcher.kick();
    await b.dispatcher.idle();
    expect(cerebras.calls()).toHaveLength(2);
    const listing = await b.h.say('/pipelines');
    expect(listing[0]?.text).toMatch(
      /#1 .* — stage 2\/7 RESEARCH · stopped \(#\d+ failed\) · \$[\d.]+ so far of \$40–70 — too shallow/,
    );

    const resumed = await b.h.say('/pipeline resume 1');
    expect(resumed[0]?.text).toMatch(
      /^Resumed pipeline #1\. Pipeline #1 · stage 2\/7 RESEARCH: queued #\d+ for Scout\./,
    );
    const rerun = await review(b, 1);
    expect(rerun.id).not.toBe(research.id);
    expect(lastPrompt(cerebras)).toContain('This stage was stopped before, with this note: too shallow');
    expect(lastPrompt(cerebras)).toContain('IDEA-BRIEF');
    await approve(b, rerun);

    await review(b, 2);
    expect(lastPrompt(gemini)).toContain('DEEP-RESEARCH');
    expect(lastPrompt(gemini)).not.toContain('SHALLOW-RESEARCH');
    expect(pipelineSummaries(b.h.store)[0]).toMatchObject({ state: 'running', stage: 2 });
    // The rejected run's cost still counts.
    const all = b.h.store.tasks.list();
    expect(pipelineSummaries(b.h.store)[0]?.costMicros).toBe(
      all.reduce((sum, t) => sum + b.h.store.ledger.spendOfTask(t.id), 0),
    );

    expect((await b.h.say('/pipeline resume 1'))[0]?.text).toBe(
      'Pipeline #1 is not stopped: it is at stage 3/7 PRD. /pipelines shows where each one is.',
    );
    expect((await b.h.say('/pipeline resume 9'))[0]?.text).toBe(
      'There is no pipeline #9. /pipelines lists them.',
    );
  });

  it('stops when a stage fails on every model, and says so', async () => {
    // Nothing scripted: every call to the fake servers is a 500.
    const { b } = await factory({ cli: false });
    await b.h.say(`/pipeline ${IDEA}`);
    const task = await b.until(current(b).id, 'failed');
    expect(pipelineSummaries(b.h.store)[0]).toMatchObject({ state: 'stopped', stage: 0 });
    expect(b.h.transport.texts()).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Pipeline #1 stopped at stage 1/7 IDEATION \\(#${task.id}: .+\\)\\. /pipeline resume 1 runs the stage again\\.$`,
        ),
      ),
    );
  });
});
