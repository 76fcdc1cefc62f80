// The factory pipeline through the composition root, the way the owner drives it in the terminal:
// `/pipeline a CLI that converts PDFs to Markdown`, then the numbered Approve of each review request,
// with fake Cerebras and Gemini servers and the fake `claude` and `codex` behind CLAUDE_BIN/CODEX_BIN.

import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git } from '../src/agents/cli/git.js';
import { run } from '../src/main.js';
import { FAKE_CLAUDE, FAKE_CODEX } from './fakes/cli/helpers.js';
import { type FakeServer, startGeminiFake, startOpenAiFake, textReply } from './fakes/llm/index.js';
import { Screen } from './helpers/screen.js';
import { tempDir } from './helpers/store.js';

const STAGES = ['IDEATION', 'RESEARCH', 'PRD', 'BUILD', 'TEST', 'DEPLOY', 'MARKET'];

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A CLAUDE_BIN / CODEX_BIN wrapper: the fake, told through its own env to edit and commit. */
function wrapper(dir: string, name: string, fake: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      'export FAKE_CLI_MODE=edit_and_commit',
      `export FAKE_CLI_FILE=${name}-work.txt`,
      `export FAKE_CLI_SUMMARY="${name} finished in {dir}"`,
      `exec "${process.execPath}" "${fake}" "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return path;
}

// Walking seven stages runs four model calls and three CLI sessions with git merges: on a busy box
// that can take longer than the default 20 s.
describe('the factory pipeline on the console', () => {
  it('/pipeline then approvals walks all seven stages', async () => {
    const cerebras = await startOpenAiFake();
    const gemini = await startGeminiFake();
    servers = [cerebras, gemini];
    cerebras.script(
      textReply('Name: pdf2md.'),
      textReply('Competitors: pandoc.'),
      textReply('Launch: pdf2md!'),
    );
    gemini.script(textReply('PRD: headings, tables, tests.'));
    const dir = tempDir();
    const env = {
      KEV_DATA_DIR: join(dir, 'data'),
      KEV_LOG_LEVEL: 'silent',
      KEV_TIMEZONE: 'UTC',
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      CEREBRAS_API_KEY: 'csk-fake',
      CEREBRAS_BASE_URL: cerebras.baseUrl,
      GEMINI_API_KEY: 'gemini-fake',
      GEMINI_BASE_URL: gemini.baseUrl,
      CLAUDE_BIN: wrapper(dir, 'claude', FAKE_CLAUDE),
      CODEX_BIN: wrapper(dir, 'codex', FAKE_CODEX),
    };
    const screen = new Screen();
    const kev = await run({ env, cwd: dir, input: screen.input, output: screen.output, graceMs: 0 });

    screen.type('/pipeline a CLI that converts PDFs to Markdown');
    await screen.waitFor(/Pipeline #1 for “a CLI that converts PDFs to Markdown”/);
    for (const [index, name] of STAGES.entries()) {
      const stage = `stage ${index + 1}/7 ${name}`;
      const review = new RegExp(`Review #(\\d+) [^\\n]*\\n\\s*Pipeline #1 “[^”]*” · ${stage}`);
      const id = Number(review.exec(await screen.waitFor(review))?.[1]);
      await screen.waitFor(
        /\[1\] Approve {2}\[2\] Reject {2}\[3\] Revise {2}— answer with a number\n(?![\s\S]*\[1\] Approve)/,
      );
      screen.type('1');
      if (kev.store.tasks.require(id).branch) await screen.waitFor(new RegExp(`Merged #${id} `));
      else await screen.waitFor(new RegExp(`Approved #${id}: `));
    }
    await screen.waitFor(/Pipeline #1 is done: all 7 stages approved/);
    screen.type('/pipelines');
    await screen.waitFor(
      /#1 a CLI that converts PDFs to Markdown — done \(7\/7 stages\) · \$[\d.]+ so far of \$40–70/,
    );

    const project = kev.store.pipelines.get(1)?.project ?? '';
    const repo = join(env.KEV_DATA_DIR, 'workspaces', project);
    const files = await git(repo, ['ls-tree', '--name-only', 'main']);
    expect(files.split('\n')).toEqual(expect.arrayContaining(['claude-work.txt', 'codex-work.txt']));
    // The stage prompts reached the models in order: the PRD call carries the research, MARKET the release.
    expect(JSON.stringify(gemini.requests.at(-1)?.body)).toContain('Competitors: pandoc.');
    expect(JSON.stringify(cerebras.requests.at(-1)?.body)).toContain('codex finished in');
    expect(kev.store.tasks.list()).toHaveLength(7);

    screen.input.end();
    await kev.done;
  }, 60_000);
});
