// Git workspaces for coding tasks: one repo per project at <dataDir>/workspaces/<project> with `main`,
// one worktree and branch (kev/<id>-<slug>) per task beside it in <repo>.worktrees/. Approve merges
// with a --no-ff merge commit; reject removes the worktree and keeps the branch for a later revision.

import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { git, tryGit } from './git.js';
import { repairCheckout } from './repo-repair.js';

export const MAIN_BRANCH = 'main';

const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface Worktree {
  path: string;
  branch: string;
}

export interface FileChange {
  path: string;
  insertions: number;
  deletions: number;
}

export interface DiffStat {
  files: number;
  insertions: number;
  deletions: number;
  changes: FileChange[];
}

export type MergeResult =
  | {
      ok: true;
      commit: string;
      /** The branch was already on main (a merge made before a crash): no new merge commit. */
      already?: boolean;
      /** What a killed git had left in the checkout and was cleared first (see repo-repair.ts). */
      repaired?: string[];
    }
  | { ok: false; conflict: boolean; message: string; files: string[] };

const locks = new Map<string, Promise<unknown>>();

/** Git takes index and ref locks per repo; Kev's own operations on one repo run one at a time. */
function withRepoLock<T>(repo: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(repo) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const settled = next.catch(() => undefined);
  locks.set(repo, settled);
  void settled.then(() => {
    if (locks.get(repo) === settled) locks.delete(repo);
  });
  return next;
}

export function slugify(text: string, max = 40): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return slug || 'task';
}

async function hasRef(repo: string, ref: string): Promise<boolean> {
  return (await tryGit(repo, ['rev-parse', '--verify', '--quiet', ref])).exitCode === 0;
}

/**
 * The project's repo, created with an initial commit on `main` when missing. The check is for the
 * repo's own .git so a data dir inside another checkout is never mistaken for a repo.
 */
export async function ensureProjectRepo(dataDir: string, project: string): Promise<string> {
  if (!PROJECT_NAME.test(project)) throw new Error(`invalid project name: ${JSON.stringify(project)}`);
  const repo = join(dataDir, 'workspaces', project);
  return withRepoLock(repo, async () => {
    await mkdir(repo, { recursive: true });
    if (!existsSync(join(repo, '.git')))
      await git(repo, ['init', '--quiet', '--initial-branch', MAIN_BRANCH]);
    if (!(await hasRef(repo, `refs/heads/${MAIN_BRANCH}`))) {
      if (await hasRef(repo, 'HEAD')) await git(repo, ['branch', MAIN_BRANCH, 'HEAD']);
      else await git(repo, ['commit', '--quiet', '--allow-empty', '-m', `Start ${project}`]);
    }
    return repo;
  });
}

async function registeredWorktrees(repo: string): Promise<string[]> {
  const list = await git(repo, ['worktree', 'list', '--porcelain']);
  return list
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
}

/** Where the task's worktree goes and its branch: known before either exists, so it is recorded first. */
export function worktreeOf(repo: string, taskId: string | number, title: string): Worktree {
  const name = `${slugify(String(taskId), 24)}-${slugify(title)}`;
  return { path: join(`${repo}.worktrees`, name), branch: `kev/${name}` };
}

/** A worktree on branch kev/<id>-<slug>; reuses the branch (and the worktree) when they exist. */
export async function createWorktree(
  repo: string,
  taskId: string | number,
  title: string,
): Promise<Worktree> {
  const { path, branch } = worktreeOf(repo, taskId, title);
  const name = basename(path);
  return withRepoLock(repo, async () => {
    await git(repo, ['worktree', 'prune']);
    const registered = await registeredWorktrees(repo);
    if (registered.some((p) => basename(p) === name && existsSync(p))) return { path, branch };
    await mkdir(`${repo}.worktrees`, { recursive: true });
    if (await hasRef(repo, `refs/heads/${branch}`))
      await git(repo, ['worktree', 'add', '--quiet', path, branch]);
    else await git(repo, ['worktree', 'add', '--quiet', '-b', branch, path, MAIN_BRANCH]);
    return { path, branch };
  });
}

/** Commits everything the CLI left uncommitted; returns the new commit, or undefined if clean. */
export async function commitWorktree(worktree: string, message: string): Promise<string | undefined> {
  await git(worktree, ['add', '--all']);
  const staged = await tryGit(worktree, ['diff', '--cached', '--quiet']);
  if (staged.exitCode === 0) return undefined;
  await git(worktree, ['commit', '--quiet', '-m', message]);
  return git(worktree, ['rev-parse', 'HEAD']);
}

function parseNumstat(text: string): FileChange[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [added = '0', deleted = '0', ...rest] = line.split('\t');
      // Binary files show '-' for both counts.
      return { path: rest.join('\t'), insertions: Number(added) || 0, deletions: Number(deleted) || 0 };
    });
}

/** What the branch changes relative to where it left main (three-dot: main's later commits excluded). */
export async function diffStat(repo: string, branch: string): Promise<DiffStat> {
  const changes = parseNumstat(await git(repo, ['diff', '--numstat', `${MAIN_BRANCH}...${branch}`]));
  return {
    files: changes.length,
    insertions: changes.reduce((sum, c) => sum + c.insertions, 0),
    deletions: changes.reduce((sum, c) => sum + c.deletions, 0),
    changes,
  };
}

/** The merge commit on main whose second parent is the branch's tip; main's tip if there is none. */
async function mergeCommitOf(repo: string, branch: string): Promise<string> {
  const tip = await git(repo, ['rev-parse', `refs/heads/${branch}`]);
  const merges = await git(repo, ['rev-list', '--merges', '--parents', `${tip}..${MAIN_BRANCH}`]);
  const found = merges
    .split('\n')
    .map((line) => line.split(' '))
    .find((shas) => shas[2] === tip);
  return found?.[0] ?? (await git(repo, ['rev-parse', MAIN_BRANCH]));
}

export interface MergeOptions {
  /** Git locks last written before this (epoch ms; when Kev started) are a killed git's, and removed. */
  staleBefore?: number;
}

/**
 * Approve: merges the branch into main with a --no-ff merge commit, in the repo's own checkout of
 * main. On a conflict (or any failed merge) the merge is aborted, so main is never left half-merged.
 * What a git killed mid-merge left (locks, a half-made merge) is cleared first, and a branch already
 * on main (merged before a crash) is not merged again: its merge commit is the result.
 */
export async function mergeBranch(
  repo: string,
  branch: string,
  message?: string,
  options: MergeOptions = {},
): Promise<MergeResult> {
  return withRepoLock(repo, async () => {
    const repaired = options.staleBefore === undefined ? [] : await repairCheckout(repo, options.staleBefore);
    const extra = repaired.length ? { repaired } : {};
    await git(repo, ['checkout', '--quiet', MAIN_BRANCH]);
    if ((await tryGit(repo, ['merge-base', '--is-ancestor', branch, MAIN_BRANCH])).exitCode === 0)
      return { ok: true, commit: await mergeCommitOf(repo, branch), already: true, ...extra };
    const merge = await tryGit(repo, [
      'merge',
      '--no-ff',
      '--no-edit',
      '-m',
      message ?? `Merge ${branch}`,
      branch,
    ]);
    if (merge.exitCode === 0) return { ok: true, commit: await git(repo, ['rev-parse', 'HEAD']), ...extra };
    const unmerged = await git(repo, ['diff', '--name-only', '--diff-filter=U']);
    const files = unmerged.split('\n').filter((f) => f !== '');
    if (await hasRef(repo, 'MERGE_HEAD')) await git(repo, ['merge', '--abort']);
    const detail = (merge.stdout + merge.stderr).trim();
    return {
      ok: false,
      conflict: files.length > 0,
      message: detail || `git merge exited ${merge.exitCode}`,
      files,
    };
  });
}

/**
 * Removes the task's worktree (including uncommitted files); the branch stays for a revision. A
 * directory git does not know as a worktree (a `worktree add` a crash cut short) is deleted.
 */
export async function removeWorktree(repo: string, worktreePath: string): Promise<void> {
  await withRepoLock(repo, async () => {
    await git(repo, ['worktree', 'prune']);
    if (existsSync(worktreePath)) {
      if ((await registeredWorktrees(repo)).includes(worktreePath))
        await git(repo, ['worktree', 'remove', '--force', worktreePath]);
      else await rm(worktreePath, { recursive: true, force: true });
    }
    await git(repo, ['worktree', 'prune']);
  });
}

export async function branchExists(repo: string, branch: string): Promise<boolean> {
  return hasRef(repo, `refs/heads/${branch}`);
}

export { pathInside } from './paths.js';
