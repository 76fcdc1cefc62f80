// Build work end to end below the chat: Rex and Forge tasks run the fake `claude` and `codex` in
// their own worktrees, land in review with branch and diff stat, and Approve / Reject / Revise /
// cancel act on the branch, the worktree and the process tree.

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/agents/cli/run-cli.js';
import type { RunCommand } from '../src/agents/cli/types.js';
import { branchExists } from '../src/agents/cli/workspace.js';
import { costMicros, DEFAULT_CATALOGUE } from '../src/router/catalogue.js';
import { isAlive, readRecord, waitForFile } from './fakes/cli/helpers.js';
import { type BuildBench, buildBench, exists } from './helpers/build.js';
import { tempDir } from './helpers/store.js';

let bench: BuildBench | undefined;
let scratch: string | undefined;

afterEach(async () => {
  await bench?.cleanup();
  bench = undefined;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A path outside the bench's dirs, so the fakes' records survive until the test reads them. */
function tempPath(name: string): string {
  scratch ??= tempDir('kev-build-');
  return join(scratch, name);
}

function open(options: Parameters<typeof buildBench>[0] = {}): BuildBench {
  bench = buildBench(options);
  return bench;
}

const SONNET_RUN_MICROS = 42_100;

describe('build tasks', () => {
  it('runs a Rex task in its own worktree and lands in review with branch, diff stat and cost', async () => {
    const record = tempPath('claude.json');
    const b = open({ claude: { FAKE_CLI_RECORD: record, FAKE_CLI_FILE: 'export.csv' } });
    const task = b.task('Build a CSV export for the invoices page', { project: 'invoices' });
    const reviewed = await b.until(task.id, 'review');

    expect(reviewed.branch).toBe(`kev/${task.id}-build-a-csv-export-for-the-invoices-page`);
    expect(reviewed.worktree).toBe(
      join(`${b.repo('invoices')}.worktrees`, `${task.id}-build-a-csv-export-for-the-invoices-page`),
    );
    expect(reviewed.sessionId).toBe('5f3c1a2e-8b7d-4e09-9c1f-2a6b3d4e5f60');
    expect(reviewed.costMicros).toBe(SONNET_RUN_MICROS);
    expect(reviewed.result).toBe('Committed export.csv');

    const seen = await readRecord(record);
    expect(seen.cwd).toBe(reviewed.worktree);
    expect(seen.argv).toEqual(
      expect.arrayContaining(['--model', 'sonnet', '--permission-mode', 'acceptEdits']),
    );
    expect(seen.argv).toContain('Bash(git commit:*)');
    expect(seen.env.ANTHROPIC_API_KEY).toBe('sk-ant-build-test');
    for (const secret of ['TELEGRAM_BOT_TOKEN', 'OPENAI_API_KEY', 'GEMINI_API_KEY'])
      expect(seen.env[secret]).toBeUndefined();

    const review = b.h.transport.last();
    expect(review.text).toContain(`Review #${task.id} · code (new feature) by Rex`);
    expect(review.text).toContain('Model: claude-code/sonnet');
    expect(review.text).toContain(`Project: invoices · branch ${reviewed.branch}`);
    expect(review.text).toMatch(/\nDiff: 1 file changed, \+\d+ −0 \(export\.csv\)\n/);
    expect(review.text).toContain('Cost: $0.04');
    expect(review.choices).toEqual(['Approve', 'Reject', 'Revise']);
    const runs = b.h.store.ledger.runs(task.id);
    expect(runs.map((r) => [r.model, r.outcome, r.costMicros])).toEqual([
      ['claude-code/sonnet', 'ok', SONNET_RUN_MICROS],
    ]);
  });

  it('approve merges the branch into main with a merge commit and removes the worktree', async () => {
    const b = open({ claude: { FAKE_CLI_FILE: 'export.csv' } });
    const task = b.task('Build a CSV export', { project: 'invoices' });
    const reviewed = await b.until(task.id, 'review');
    const replies = await b.h.say(`/approve ${task.id}`);
    expect(replies[0]?.text).toBe(`Approved #${task.id}. Merging ${reviewed.branch} into main of invoices…`);
    expect(b.h.store.tasks.require(task.id).state).toBe('merging');
    for (const command of ['approve', 'reject', 'revise', 'cancel']) {
      const [busy] = await b.h.say(`/${command} ${task.id} now`);
      expect(busy?.text).toBe(
        `#${task.id} is being merged into main right now; I will tell you when it is done.`,
      );
    }

    const done = await b.until(task.id, 'done');
    const repo = b.repo('invoices');
    expect(await b.git(repo, 'show', 'main:export.csv')).toContain('Build a CSV export');
    const parents = (await b.git(repo, 'log', '-1', '--format=%P', 'main')).split(' ');
    expect(parents).toHaveLength(2);
    expect(b.h.transport.last().text).toMatch(
      new RegExp(
        `^Merged #${task.id} \\(${reviewed.branch}\\) into main of invoices as [0-9a-f]{7}\\. #${task.id} is done\\.$`,
      ),
    );
    expect(done.worktree).toBeNull();
    expect(exists(reviewed.worktree)).toBe(false);
    const history = b.h.store.tasks.events(task.id).map((e) => `${e.from}→${e.to} ${e.reason}`);
    expect(history.slice(-2)).toEqual([
      'review→merging merge requested',
      expect.stringMatching(/^merging→done approved; merged kev\/.+ into main as [0-9a-f]{12}$/),
    ]);
  });

  it('reject keeps the branch for inspection, removes the worktree and leaves main alone', async () => {
    const b = open();
    const task = b.task('Build a pricing page', { project: 'site' });
    const reviewed = await b.until(task.id, 'review');
    const repo = b.repo('site');
    const mainBefore = await b.git(repo, 'rev-parse', 'main');
    const [reply] = await b.h.say(`/reject ${task.id} not what I meant`);
    expect(reply?.text).toContain(`The branch ${reviewed.branch} stays for inspection.`);
    const failed = await b.until(task.id, 'failed');
    expect(failed.worktree).toBeNull();
    expect(exists(reviewed.worktree)).toBe(false);
    expect(await branchExists(repo, reviewed.branch ?? '')).toBe(true);
    expect(await b.git(repo, 'rev-parse', 'main')).toBe(mainBefore);
  });

  it('runs two build tasks at once in separate worktrees while a third waits in ready', async () => {
    const cwds: string[] = [];
    let running = 0;
    let peak = 0;
    let release!: () => void;
    const together = new Promise<void>((resolve) => {
      release = resolve;
    });
    let thirdWhileTwoRan: string | undefined;
    const barrier: RunCommand = async (spec) => {
      running += 1;
      peak = Math.max(peak, running);
      cwds.push(spec.cwd);
      if (running === 2) {
        thirdWhileTwoRan = bench?.h.store.tasks.require(3).state;
        release();
      }
      await together;
      try {
        return await runCli(spec);
      } finally {
        running -= 1;
      }
    };
    const b = open({ claudeRunner: barrier });
    const tasks = [
      b.task('Build the invoices export', { project: 'shop' }),
      b.task('Build the refunds page', { project: 'shop' }),
      b.task('Build the coupons form', { project: 'shop' }),
    ];
    for (const task of tasks) await b.until(task.id, 'review');

    expect(peak).toBe(2);
    expect(thirdWhileTwoRan).toBe('ready');
    expect(new Set(cwds).size).toBe(3);
    const rows = tasks.map((t) => b.h.store.tasks.require(t.id));
    expect(new Set(rows.map((r) => r.branch)).size).toBe(3);
    for (const row of rows) {
      expect(row.worktree).toContain(`${b.repo('shop')}.worktrees`);
      expect(await b.git(b.repo('shop'), 'diff', '--name-only', `main...${row.branch}`)).toBe(
        'kev-change.txt',
      );
    }
  });

  it('a merge conflict leaves main untouched and the task in review; Resolve fixes it and it merges', async () => {
    const b = open();
    const first = b.task('Write the greeting in English', { project: 'hello' });
    const second = b.task('Write the greeting in French', { project: 'hello' });
    await b.until(first.id, 'review');
    const secondRow = await b.until(second.id, 'review');
    await b.h.say(`/approve ${first.id}`);
    await b.until(first.id, 'done');
    const repo = b.repo('hello');
    const mainAfterFirst = await b.git(repo, 'rev-parse', 'main');

    await b.h.say(`/approve ${second.id}`);
    await b.until(second.id, 'review');
    const notice = b.h.transport.last();
    expect(notice.text).toBe(
      [
        `Could not merge #${second.id}: ${secondRow.branch} conflicts with main in kev-change.txt.`,
        `main is unchanged and #${second.id} is back in review.`,
        'Resolve sends it back to Rex to merge main in and fix the conflicts; Reject keeps the branch for you.',
      ].join('\n'),
    );
    expect(notice.choices).toEqual(['Resolve', 'Approve', 'Reject']);
    expect(b.h.store.tasks.require(second.id).state).toBe('review');
    expect(b.h.store.builds.mergePending(second.id)).toBe(false);
    expect(await b.git(repo, 'rev-parse', 'main')).toBe(mainAfterFirst);
    expect(await b.git(repo, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(repo, '.git', 'MERGE_HEAD'))).toBe(false);

    const tapped = await b.h.tap(notice.promptId ?? -1, 0);
    expect(tapped.replies[0]?.text).toContain(`Sent #${second.id} back to Rex`);
    await b.until(second.id, 'review');
    const resolved = await b.git(repo, 'show', `${secondRow.branch}:kev-change.txt`);
    expect(resolved).not.toMatch(/^(<{7}|>{7})/m);
    await b.h.say(`/approve ${second.id}`);
    await b.until(second.id, 'done');
    expect(await b.git(repo, 'show', 'main:kev-change.txt')).toBe(resolved);
  });

  it('revise continues the same Claude Code session with the notes', async () => {
    const record = tempPath('revise.json');
    const c = open({ claude: { FAKE_CLI_RECORD: record } });
    const task = c.task('Build a dark mode toggle', { project: 'ui' });
    await c.until(task.id, 'review');
    await c.h.say(`/revise ${task.id} make the toggle round`);
    await c.until(task.id, 'review');
    const seen = await readRecord(record);
    const resume = seen.argv.indexOf('--resume');
    expect(seen.argv[resume + 1]).toBe('5f3c1a2e-8b7d-4e09-9c1f-2a6b3d4e5f60');
    const prompt = seen.argv.slice(seen.argv.indexOf('--') + 1).join(' ');
    expect(prompt).toContain('asks for a revision');
    expect(prompt).toContain('make the toggle round');
  });

  it('a session that cannot be resumed is started fresh with the notes and the previous diff', async () => {
    const record = tempPath('fresh.json');
    const argvs: string[][] = [];
    const noResume: RunCommand = async (spec) => {
      argvs.push([...spec.args]);
      if (!spec.args.includes('--resume')) return runCli(spec);
      const gone = {
        type: 'result',
        subtype: 'error_during_execution',
        is_error: true,
        total_cost_usd: 0.001,
      };
      return {
        ending: 'exited',
        stdout: JSON.stringify({ ...gone, errors: ['No conversation found'] }),
        stderr: '',
        exitCode: 1,
      };
    };
    const b = open({ claudeRunner: noResume, claude: { FAKE_CLI_RECORD: record } });
    const task = b.task('Build a changelog page', { project: 'docs' });
    await b.until(task.id, 'review');
    await b.h.say(`/revise ${task.id} group the entries by month`);
    const revised = await b.until(task.id, 'review');
    expect(argvs.map((argv) => argv.includes('--resume'))).toEqual([false, true, false]);
    const prompt = (await readRecord(record)).argv.slice(-1)[0] ?? '';
    expect(prompt).toContain("The owner's notes: group the entries by month");
    expect(prompt).toContain('diff --git a/kev-change.txt b/kev-change.txt');
    expect(b.h.store.ledger.runs(task.id).map((r) => r.costMicros)).toEqual([
      SONNET_RUN_MICROS,
      1_000 + SONNET_RUN_MICROS,
    ]);
    expect(revised.costMicros).toBe(2 * SONNET_RUN_MICROS + 1_000);
  });

  it('revise without a session starts fresh with the notes and the previous diff', async () => {
    const record = tempPath('codex.json');
    const b = open({ installed: ['codex'], codex: { FAKE_CLI_RECORD: record } });
    const task = b.task('Update the copy in every module', {
      project: 'copy',
      type: 'code_batch',
      agent: 'Forge',
    });
    await b.until(task.id, 'review');
    expect(b.h.store.tasks.require(task.id).sessionId).toBeNull();
    await b.h.say(`/revise ${task.id} shorter sentences please`);
    await b.until(task.id, 'review');
    const seen = await readRecord(record);
    expect(seen.argv).not.toContain('resume');
    const prompt = seen.argv.slice(seen.argv.indexOf('--') + 1).join(' ');
    expect(prompt).toContain("The owner's notes: shorter sentences please");
    expect(prompt).toContain('diff --git a/kev-change.txt b/kev-change.txt');
  });

  it('escalates from a failing Claude Code to Codex and records both costs', async () => {
    const b = open({ claude: { FAKE_CLI_MODE: 'error_result' } });
    const task = b.task('Build a webhook endpoint', { project: 'api' });
    const reviewed = await b.until(task.id, 'review');
    const runs = b.h.store.ledger.runs(task.id);
    expect(b.h.transport.last().text).toContain('Model: codex/gpt-5-codex');
    const codexEntry = DEFAULT_CATALOGUE['codex/gpt-5-codex'];
    if (!codexEntry) throw new Error('no codex entry');
    const codexMicros = costMicros(codexEntry, {
      inputTokens: 24763,
      outputTokens: 122,
      cachedTokens: 24448,
    });
    expect(reviewed.costMicros).toBe(SONNET_RUN_MICROS + codexMicros);
    expect(runs.map((r) => [r.model, r.outcome, r.costMicros])).toEqual([
      ['claude-code/sonnet', 'is_error', SONNET_RUN_MICROS],
      ['codex/gpt-5-codex', 'ok', codexMicros],
    ]);
    expect(b.h.store.ledger.spendOfTask(task.id)).toBe(SONNET_RUN_MICROS + codexMicros);
    expect(reviewed.sessionId).toBeNull();
  });

  it('a session past its time limit is stopped; the ladder climbs and then gives up', async () => {
    const record = tempPath('hang.json');
    const b = open({
      installed: ['claude_code'],
      timeoutMs: 1000,
      claude: { FAKE_CLI_MODE: 'hang', FAKE_CLI_RECORD: record },
    });
    const task = b.task('Build a slow thing', { project: 'slow' });
    const failed = await b.until(task.id, 'failed');
    expect(failed.note).toMatch(
      /every model on the ladder failed \(claude-code\/sonnet, claude-code\/opus\)/,
    );
    expect(isAlive((await readRecord(record)).pid)).toBe(false);
    expect(b.h.transport.last().text).toContain(`Task #${task.id} failed`);
  });

  it('/cancel ends the whole process tree of a running session', async () => {
    const record = tempPath('cancel.json');
    const pidfile = tempPath('grandchild.pid');
    const b = open({
      installed: ['claude_code'],
      claude: { FAKE_CLI_MODE: 'hang_with_grandchild', FAKE_CLI_RECORD: record, FAKE_CLI_PIDFILE: pidfile },
    });
    const task = b.task('Build something endless', { project: 'endless' });
    b.dispatcher.kick();
    const grandchild = Number(await waitForFile(pidfile));
    const child = (await readRecord(record)).pid;
    expect(isAlive(child) && isAlive(grandchild)).toBe(true);

    const [reply] = await b.h.say(`/cancel ${task.id}`);
    expect(reply?.text).toContain(`Cancelled #${task.id}`);
    const cancelled = await b.until(task.id, 'cancelled');
    expect(isAlive(child)).toBe(false);
    expect(isAlive(grandchild)).toBe(false);
    expect(cancelled.note).toBe('cancelled by the owner');
    expect(cancelled.worktree).toBeNull();
    expect(b.h.store.ledger.runs(task.id).map((r) => r.outcome)).toEqual(['cancelled']);
  });
});
