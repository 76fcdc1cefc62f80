// Git workspaces for coding tasks: project repos, one worktree per task, review diff, approve (merge),
// reject (keep the branch), conflicts that leave main untouched, and path containment. Runs with an
// empty HOME so it passes on a machine with no global git config.

import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClaudeCodeWorker } from '../src/agents/cli/claude-code.js';
import { CodexWorker } from '../src/agents/cli/codex.js';
import { buildCliEnv } from '../src/agents/cli/env.js';
import { git } from '../src/agents/cli/git.js';
import type { CliWorker } from '../src/agents/cli/types.js';
import {
  branchExists,
  commitWorktree,
  createWorktree,
  diffStat,
  ensureProjectRepo,
  mergeBranch,
  pathInside,
  removeWorktree,
  type Worktree,
} from '../src/agents/cli/workspace.js';
import { FAKE_CLAUDE, FAKE_CODEX, makeTempDir } from './fakes/cli/helpers.js';

let root: string;
let cleanup: () => Promise<void>;
const savedHome = process.env.HOME;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('kev-ws-'));
  const home = join(root, 'empty-home');
  await mkdir(home);
  process.env.HOME = home;
});

afterAll(async () => {
  process.env.HOME = savedHome;
  await cleanup();
});

let counter = 0;
async function freshRepo(): Promise<string> {
  counter += 1;
  return ensureProjectRepo(join(root, `data-${counter}`), 'demo');
}

const claude = new ClaudeCodeWorker({ bin: FAKE_CLAUDE });
const codex = new CodexWorker({ bin: FAKE_CODEX });

/** Runs a fake CLI in the worktree that writes `file` with `content` and commits it. */
async function agentEdits(
  worker: CliWorker,
  wt: Worktree,
  file: string,
  content: string,
  mode = 'edit_and_commit',
) {
  const cli = worker.name;
  const env = buildCliEnv(cli, process.env, {
    FAKE_CLI_MODE: mode,
    FAKE_CLI_FILE: file,
    FAKE_CLI_CONTENT: content,
    FAKE_CLI_DELAY_MS: '100',
  });
  const model = cli === 'codex' ? 'gpt-5-codex' : 'sonnet';
  const result = await worker.run({ prompt: `write ${file}`, cwd: wt.path, model, timeoutMs: 15_000, env });
  expect(result.ok).toBe(true);
  return result;
}

async function head(repo: string, ref = 'HEAD'): Promise<string> {
  return git(repo, ['rev-parse', ref]);
}

describe('ensureProjectRepo', () => {
  it('creates a repo with an initial commit on main, once', async () => {
    const dataDir = join(root, 'ensure');
    const repo = await ensureProjectRepo(dataDir, 'site');
    expect(repo).toBe(join(dataDir, 'workspaces', 'site'));
    expect(await git(repo, ['symbolic-ref', '--short', 'HEAD'])).toBe('main');
    const first = await head(repo);
    expect(await ensureProjectRepo(dataDir, 'site')).toBe(repo);
    expect(await head(repo)).toBe(first);
  });

  it('makes its own repo even when the data dir sits inside another checkout', async () => {
    const outer = join(root, 'outer');
    await mkdir(outer);
    await git(outer, ['init', '--quiet']);
    const repo = await ensureProjectRepo(join(outer, 'data'), 'inner');
    expect(await git(repo, ['rev-parse', '--show-toplevel'])).toBe(repo);
  });

  it.each([
    '',
    '../escape',
    'a/b',
    '.hidden',
    'x'.repeat(65),
  ])('rejects the project name %j', async (name) => {
    await expect(ensureProjectRepo(join(root, 'bad'), name)).rejects.toThrow(/invalid project name/);
  });
});

describe('worktrees', () => {
  let repo: string;
  beforeEach(async () => {
    repo = await freshRepo();
  });

  it('creates kev/<id>-<slug> from main, outside the repo checkout, idempotently', async () => {
    const wt = await createWorktree(repo, 42, 'Add a README, please!');
    expect(wt.branch).toBe('kev/42-add-a-readme-please');
    expect(wt.path.startsWith(`${repo}.worktrees`)).toBe(true);
    expect(await git(wt.path, ['symbolic-ref', '--short', 'HEAD'])).toBe(wt.branch);
    expect(await createWorktree(repo, 42, 'Add a README, please!')).toEqual(wt);
  });

  it('runs two CLIs in parallel in two worktrees without touching each other', async () => {
    const [a, b] = await Promise.all([createWorktree(repo, 1, 'first'), createWorktree(repo, 2, 'second')]);
    await Promise.all([
      agentEdits(claude, a, 'shared.txt', 'from A\n'),
      agentEdits(codex, b, 'shared.txt', 'from B\n'),
    ]);
    expect(await readFile(join(a.path, 'shared.txt'), 'utf8')).toBe('from A\n');
    expect(await readFile(join(b.path, 'shared.txt'), 'utf8')).toBe('from B\n');
    expect(existsSync(join(repo, 'shared.txt'))).toBe(false);
    for (const wt of [a, b]) {
      expect(await git(wt.path, ['status', '--porcelain'])).toBe('');
      expect(await git(repo, ['rev-list', '--count', `main..${wt.branch}`])).toBe('1');
    }
  });

  it('commits what a CLI left uncommitted, and nothing when clean', async () => {
    const wt = await createWorktree(repo, 3, 'loose edit');
    await agentEdits(claude, wt, 'notes.md', 'one\ntwo\n', 'edit');
    expect(await commitWorktree(wt.path, 'Task 3: loose edit')).toMatch(/^[0-9a-f]{40}$/);
    expect(await commitWorktree(wt.path, 'again')).toBeUndefined();
    expect(await diffStat(repo, wt.branch)).toMatchObject({ files: 1, insertions: 2, deletions: 0 });
  });
});

describe('review: approve, reject, conflict', () => {
  let repo: string;
  beforeEach(async () => {
    repo = await freshRepo();
  });

  it('approve lands the branch in main with a --no-ff merge commit', async () => {
    const wt = await createWorktree(repo, 7, 'feature');
    await agentEdits(claude, wt, 'feature.txt', 'new feature\n');
    expect(await diffStat(repo, wt.branch)).toEqual({
      files: 1,
      insertions: 1,
      deletions: 0,
      changes: [{ path: 'feature.txt', insertions: 1, deletions: 0 }],
    });
    const merged = await mergeBranch(repo, wt.branch, 'Task 7: feature');
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(await head(repo, 'main')).toBe(merged.commit);
    expect((await git(repo, ['rev-list', '--parents', '-n', '1', 'main'])).split(' ')).toHaveLength(3);
    expect(await git(repo, ['log', '-1', '--format=%s%n%an'])).toBe('Task 7: feature\nKev');
    expect(await readFile(join(repo, 'feature.txt'), 'utf8')).toBe('new feature\n');
    await removeWorktree(repo, wt.path);
    expect(existsSync(wt.path)).toBe(false);
  });

  it('reject removes the worktree, keeps the branch, and a revision picks it up again', async () => {
    const before = await head(repo, 'main');
    const wt = await createWorktree(repo, 8, 'draft');
    await agentEdits(codex, wt, 'draft.txt', 'draft\n');
    await removeWorktree(repo, wt.path);
    expect(existsSync(wt.path)).toBe(false);
    expect(await branchExists(repo, wt.branch)).toBe(true);
    expect(await head(repo, 'main')).toBe(before);
    const revision = await createWorktree(repo, 8, 'draft');
    expect(revision).toEqual(wt);
    expect(await readFile(join(revision.path, 'draft.txt'), 'utf8')).toBe('draft\n');
  });

  it('reports a conflict, aborts the merge and leaves main exactly as it was', async () => {
    const [a, b] = await Promise.all([createWorktree(repo, 10, 'left'), createWorktree(repo, 11, 'right')]);
    await agentEdits(claude, a, 'shared.txt', 'left side\n');
    await agentEdits(claude, b, 'shared.txt', 'right side\n');
    expect((await mergeBranch(repo, a.branch)).ok).toBe(true);
    const afterFirst = await head(repo, 'main');

    const second = await mergeBranch(repo, b.branch);
    expect(second).toMatchObject({ ok: false, conflict: true, files: ['shared.txt'] });
    expect(await head(repo, 'main')).toBe(afterFirst);
    expect(await git(repo, ['status', '--porcelain'])).toBe('');
    expect(existsSync(join(repo, '.git', 'MERGE_HEAD'))).toBe(false);
    expect(await readFile(join(repo, 'shared.txt'), 'utf8')).toBe('left side\n');
    expect(await branchExists(repo, b.branch)).toBe(true);
  });
});

describe('pathInside', () => {
  let wt: string;
  let outside: string;
  beforeAll(async () => {
    wt = join(root, 'contain', 'wt');
    outside = join(root, 'contain', 'outside');
    await mkdir(join(wt, 'src'), { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'secret'), 'x');
    await symlink(outside, join(wt, 'escape'));
    await symlink(join(wt, 'src'), join(wt, 'alias'));
  });

  it.each<[string, boolean]>([
    ['.', true],
    ['src/main.ts', true],
    ['src/new/dir/file.ts', true],
    ['alias/file.ts', true],
    ['..', false],
    ['../outside/secret', false],
    ['src/../../outside', false],
    ['escape/secret', false],
    ['escape', false],
    ['escape/../outside/secret', false],
    ['escape/../wt/src', true],
    ['/etc/passwd', false],
  ])('%s → %s', async (candidate, inside) => {
    expect(await pathInside(wt, candidate)).toBe(inside);
  });

  it('accepts an absolute path inside the worktree', async () => {
    expect(await pathInside(wt, join(wt, 'src', 'x.ts'))).toBe(true);
  });
});
