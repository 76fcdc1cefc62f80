// The storm's invariants about build tasks and their merges, read from the db and the project repo:
// an approved build is done exactly once and its branch merged into main exactly once, a merge a kill
// interrupted was completed (never refused, never half-made), and no worktree or git lock is left.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { StormWorld } from './storm.js';

export interface BuildVerdict {
  builds: number;
  merged: number;
  /** Build tasks whose merge a kill interrupted at least once (merging when Kev was killed). */
  mergesInterrupted: number;
}

interface BuildRow {
  id: number;
  title: string;
  state: string;
  branch: string | null;
  worktree: string | null;
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function tryGit(repo: string, ...args: string[]): boolean {
  try {
    git(repo, ...args);
    return true;
  } catch {
    return false;
  }
}

/** Every `*.lock` file in the repo's git dir: git's locks, left only by a git killed mid-write. */
function locksUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'objects' ? [] : locksUnder(path);
    return entry.name.endsWith('.lock') ? [path] : [];
  });
}

export function checkBuilds(world: StormWorld, db: Database.Database, violations: string[]): BuildVerdict {
  const repo = world.repo;
  const tasks = db
    .prepare(`select id, title, state, branch, worktree from tasks where type = 'code' order by id`)
    .all() as BuildRow[];
  const events = db
    .prepare(
      `select task_id, from_state, to_state, at from task_events
       where task_id in (select id from tasks where type = 'code') order by id`,
    )
    .all() as Array<{ task_id: number; from_state: string | null; to_state: string; at: number }>;
  for (const marker of world.buildMarkers)
    if (!tasks.some((t) => t.title.includes(marker))) violations.push(`build ${marker} made no code task`);

  // The main checkout: clean, no merge left half-made, no lock a killed git left behind.
  if (existsSync(join(repo, '.git', 'MERGE_HEAD'))) violations.push('the repo has a MERGE_HEAD left');
  const dirty = git(repo, 'status', '--porcelain', '--untracked-files=no');
  if (dirty) violations.push(`the repo's checkout of main is not clean: ${dirty.split('\n').join('; ')}`);
  if (git(repo, 'rev-parse', '--abbrev-ref', 'HEAD') !== 'main') violations.push('the repo is not on main');
  for (const lock of locksUnder(join(repo, '.git'))) violations.push(`a git lock is left: ${lock}`);

  // Merge commits on main, by subject ("Merge <branch>: #<id> <title>"): none twice.
  const subjects = git(repo, 'log', '--merges', '--format=%s', 'main').split('\n').filter(Boolean);
  const seen = new Map<string, number>();
  for (const s of subjects) seen.set(s, (seen.get(s) ?? 0) + 1);
  for (const [s, n] of seen) if (n > 1) violations.push(`merge commit "${s}" made ${n} times`);

  let mergesInterrupted = 0;
  for (const t of tasks) {
    const history = events.filter((e) => e.task_id === t.id);
    const approvals = history.filter((e) => e.from_state === 'review' && e.to_state === 'merging');
    const mergesOfBranch = t.branch ? subjects.filter((s) => s.startsWith(`Merge ${t.branch}: `)).length : 0;
    // Each merge in this storm is conflict-free (every build writes its own file): a refusal means
    // a kill left the repo in a state the next merge could not get past.
    for (const e of history)
      if (e.from_state === 'merging' && e.to_state === 'review')
        violations.push(`task #${t.id}: a merge was refused (merging → review)`);
    if (approvals.some((a) => world.kills.some((k) => k >= a.at && k <= mergeEnd(history, a.at))))
      mergesInterrupted++;
    if (t.state === 'done') {
      if (approvals.length === 0) violations.push(`build #${t.id} done without an approval`);
      if (mergesOfBranch !== 1) violations.push(`build #${t.id} merged into main ${mergesOfBranch} times`);
      if (t.branch && !tryGit(repo, 'merge-base', '--is-ancestor', t.branch, 'main'))
        violations.push(`build #${t.id} is done but its branch is not on main`);
      const marker = /Q\d{4}[a-z]/.exec(t.title)?.[0];
      if (marker && !tryGit(repo, 'cat-file', '-e', `main:${marker}.txt`))
        violations.push(`build #${t.id} is done but ${marker}.txt is not on main`);
    } else if (mergesOfBranch > 0) violations.push(`build #${t.id} ended ${t.state} but was merged`);
    // An ended task's worktree is removed (its branch stays).
    if (t.worktree) violations.push(`build #${t.id} ended ${t.state} with its worktree still recorded`);
  }

  // Nothing left in <repo>.worktrees/ and no worktree registered but main's checkout.
  const trees = `${repo}.worktrees`;
  const left = existsSync(trees) ? readdirSync(trees) : [];
  if (left.length) violations.push(`worktrees left on disk: ${left.join(', ')}`);
  const registered = git(repo, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((l) => l.startsWith('worktree ')).length;
  if (registered !== 1) violations.push(`${registered - 1} worktree(s) still registered`);

  return {
    builds: tasks.length,
    merged: tasks.filter((t) => t.state === 'done').length,
    mergesInterrupted,
  };
}

/** When the merge that an approval at `from` started ended (its next move out of merging). */
function mergeEnd(history: Array<{ from_state: string | null; at: number }>, from: number): number {
  return history.find((e) => e.from_state === 'merging' && e.at >= from)?.at ?? Number.POSITIVE_INFINITY;
}
