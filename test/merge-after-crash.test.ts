// A merge into main that a crash cut short, finished by the merge service after the restart: git
// really killed (SIGKILL from a hook) while main's ref is locked for the update, or after the merge
// commit landed; and Kev killed after git merged but before the task moved to done. Each ends done
// with exactly one merge commit, a clean checkout and no lock left (found by the crash storm).

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git, tryGit } from '../src/agents/cli/git.js';
import {
  commitWorktree,
  createWorktree,
  ensureProjectRepo,
  removeWorktree,
  worktreeOf,
} from '../src/agents/cli/workspace.js';
import { MergeService } from '../src/agents/merge-service.js';
import { silentLogger } from '../src/shared/log.js';
import { type TempStore, tempStore } from './helpers/store.js';

let t: TempStore | undefined;
afterEach(() => t?.cleanup());

/** A build task in merging (its Approve taken) whose branch adds `<name>.txt` to the `site` repo. */
async function approvedBuild(store: TempStore['store'], dataDir: string, name: string) {
  const repo = await ensureProjectRepo(dataDir, 'site');
  const task = store.tasks.create({ title: `Build ${name}`, type: 'code', agent: 'Rex', state: 'ready' });
  const tree = await createWorktree(repo, task.id, name);
  writeFileSync(join(tree.path, `${name}.txt`), `${name}\n`);
  await commitWorktree(tree.path, `add ${name}`);
  store.builds.set(task.id, { project: 'site', branch: tree.branch, worktree: tree.path });
  const claimed = store.tasks.claim('w1', 60_000);
  store.tasks.complete(claimed?.id ?? 0, 'w1', 'done');
  store.builds.requestMerge(task.id);
  return { repo, task: store.tasks.require(task.id), branch: tree.branch };
}

/** A hook that SIGKILLs the git running it at `when` during a merge into main. */
type KillPoint = 'pre-merge-commit' | 'ref-update' | 'post-merge';

async function killGitAt(repo: string, when: KillPoint): Promise<() => Promise<void>> {
  const name = when === 'ref-update' ? 'reference-transaction' : when;
  const guard =
    when === 'ref-update' ? '[ "$1" = prepared ] || exit 0\ngrep -q " refs/heads/main$" || exit 0\n' : '';
  const path = join(repo, '.git', 'hooks', name);
  writeFileSync(path, `#!/bin/sh\n${guard}kill -9 $PPID\nsleep 1\n`);
  await chmod(path, 0o755);
  return () => rm(path);
}

function service(store: TempStore['store'], dataDir: string, merged: string[]) {
  return new MergeService({
    store,
    dataDir,
    log: silentLogger,
    events: { merged: (_task, merge) => merged.push(merge.commit), notMerged: () => {} },
  });
}

async function merges(repo: string, branch: string): Promise<string[]> {
  const subjects = await git(repo, ['log', '--merges', '--format=%s', 'main']);
  return subjects.split('\n').filter((s) => s.startsWith(`Merge ${branch}`));
}

function locks(repo: string): string[] {
  const gitDir = join(repo, '.git');
  return [
    ...readdirSync(gitDir).filter((f) => f.endsWith('.lock')),
    ...readdirSync(join(gitDir, 'refs', 'heads')).filter((f) => f.endsWith('.lock')),
  ];
}

describe('a merge a crash cut short', () => {
  for (const when of ['pre-merge-commit', 'ref-update', 'post-merge'] as const) {
    it(`git killed at ${when}: the next Kev clears what it left and the task ends done, merged once`, async () => {
      t = tempStore();
      const dataDir = join(t.dir, 'data');
      const { repo, task, branch } = await approvedBuild(t.store, dataDir, 'pricing');
      const unhook = await killGitAt(repo, when);
      const killed = await tryGit(repo, [
        'merge',
        '--no-ff',
        '--no-edit',
        '-m',
        `Merge ${branch}: #1`,
        branch,
      ]);
      expect(killed.exitCode).not.toBe(0);
      await unhook();
      if (when !== 'pre-merge-commit') expect(existsSync(join(repo, '.git', 'MERGE_HEAD'))).toBe(true);
      if (when === 'ref-update') expect(locks(repo)).toEqual(['HEAD.lock', 'main.lock']);

      // The restart: a new merge service (started after the killed git) takes the task still merging.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const merged: string[] = [];
      const restarted = service(t.store, dataDir, merged);
      restarted.kick();
      await restarted.idle();

      expect(t.store.tasks.require(task.id).state).toBe('done');
      expect(await merges(repo, branch)).toHaveLength(1);
      expect(merged).toEqual([await git(repo, ['rev-parse', 'main'])]);
      expect(await git(repo, ['show', 'main:pricing.txt'])).toBe('pricing');
      expect(await git(repo, ['status', '--porcelain'])).toBe('');
      expect(existsSync(join(repo, '.git', 'MERGE_HEAD'))).toBe(false);
      expect(locks(repo)).toEqual([]);
    });
  }

  it('Kev killed after git merged: done with the merge commit git made, not a second one', async () => {
    t = tempStore();
    const dataDir = join(t.dir, 'data');
    // An approved build ahead of it in the queue merges first in the pass after the restart.
    const other = await approvedBuild(t.store, dataDir, 'billing');
    const crashed = await approvedBuild(t.store, dataDir, 'pricing');
    // git merged the second branch; Kev died before moving its task to done.
    await git(crashed.repo, [
      'merge',
      '--no-ff',
      '--no-edit',
      '-m',
      `Merge ${crashed.branch}: #2`,
      crashed.branch,
    ]);
    const mergeCommit = await git(crashed.repo, ['rev-parse', 'main']);
    const merged: string[] = [];
    const restarted = service(t.store, dataDir, merged);
    restarted.kick();
    await restarted.idle();

    expect(t.store.tasks.require(other.task.id).state).toBe('done');
    expect(t.store.tasks.require(crashed.task.id).state).toBe('done');
    expect(await merges(crashed.repo, crashed.branch)).toHaveLength(1);
    expect(merged).toHaveLength(2);
    expect(merged[1]).toBe(mergeCommit);
    expect(t.store.tasks.events(crashed.task.id).at(-1)?.reason).toContain(mergeCommit.slice(0, 12));
  });

  it('a lock newer than the service (a git of its own still running) is left alone', async () => {
    t = tempStore();
    const dataDir = join(t.dir, 'data');
    const { repo, task } = await approvedBuild(t.store, dataDir, 'pricing');
    const restarted = service(t.store, dataDir, []);
    await new Promise((resolve) => setTimeout(resolve, 5));
    writeFileSync(join(repo, '.git', 'index.lock'), '');
    restarted.kick();
    await restarted.idle();
    expect(existsSync(join(repo, '.git', 'index.lock'))).toBe(true);
    expect(t.store.tasks.require(task.id).state).toBe('merging');
  });

  it('a worktree whose `git worktree add` a crash cut short (a bare directory) is removed when its task ends', async () => {
    t = tempStore();
    const repo = await ensureProjectRepo(join(t.dir, 'data'), 'site');
    const planned = worktreeOf(repo, 3, 'half made');
    mkdirSync(join(planned.path, 'src'), { recursive: true });
    writeFileSync(join(planned.path, 'src', 'a.txt'), 'partial\n');
    await removeWorktree(repo, planned.path);
    expect(existsSync(planned.path)).toBe(false);
    // A real worktree still goes through git.
    const tree = await createWorktree(repo, 4, 'whole');
    await removeWorktree(repo, tree.path);
    expect(existsSync(tree.path)).toBe(false);
    expect(await git(repo, ['worktree', 'list', '--porcelain'])).not.toContain(tree.path);
  });
});
