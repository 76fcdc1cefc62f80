// A revision starts from the current main: Kev merges main into the task's branch before the
// session, so work approved since (another task's merge) is there and a conflict that stopped the
// last Approve is handed to the session to resolve. Conflict markers left behind are never committed.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git, tryGit } from './cli/git.js';
import { commitWorktree, MAIN_BRANCH } from './cli/workspace.js';

export interface BranchSync {
  /** The branch's commit before main was merged in, to return to if the session fails. */
  before: string;
  /** Files the merge left conflicted, for the session to resolve. */
  conflicts: string[];
}

const MARKER = /^(?:<{7}|>{7})(?: |$)/m;

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

async function merging(worktree: string): Promise<boolean> {
  return (await tryGit(worktree, ['rev-parse', '--quiet', '--verify', 'MERGE_HEAD'])).exitCode === 0;
}

/** Commits loose edits, then merges main into the worktree's branch, leaving conflicts in place. */
export async function syncWithMain(worktree: string, label: string): Promise<BranchSync> {
  // A merge left half-done (Kev stopped mid-session) would otherwise be committed with its markers.
  if (await merging(worktree)) await git(worktree, ['merge', '--abort']);
  await commitWorktree(worktree, `${label}: work in progress`);
  const before = await git(worktree, ['rev-parse', 'HEAD']);
  const merge = await tryGit(worktree, [
    'merge',
    '--no-edit',
    '-m',
    `Merge ${MAIN_BRANCH} into ${label}`,
    MAIN_BRANCH,
  ]);
  if (merge.exitCode === 0) return { before, conflicts: [] };
  const conflicts = lines(await git(worktree, ['diff', '--name-only', '--diff-filter=U']));
  if (conflicts.length === 0) {
    await tryGit(worktree, ['merge', '--abort']);
    throw new Error(
      `merging ${MAIN_BRANCH} into the branch failed: ${(merge.stderr || merge.stdout).trim()}`,
    );
  }
  return { before, conflicts };
}

async function hasMarkers(worktree: string, file: string): Promise<boolean> {
  const path = join(worktree, file);
  return existsSync(path) && MARKER.test(await readFile(path, 'utf8').catch(() => ''));
}

/**
 * After the session: files that still hold conflict markers. When there are any, the branch goes
 * back to where it was before the sync (the session's edits are dropped with the merge).
 */
export async function settleSync(worktree: string, sync: BranchSync): Promise<string[]> {
  if (sync.conflicts.length === 0) return [];
  const left: string[] = [];
  for (const file of sync.conflicts) if (await hasMarkers(worktree, file)) left.push(file);
  if (left.length > 0) {
    await git(worktree, ['reset', '--hard', '--quiet', sync.before]);
    return left;
  }
  await git(worktree, ['add', '--all']);
  // The session may have staged the resolution without concluding the merge.
  if (await merging(worktree)) await git(worktree, ['commit', '--quiet', '--no-edit']);
  return [];
}

/** A failed session: the branch returns to where it was, so no conflict marker is ever committed. */
export async function undoSync(worktree: string, sync: BranchSync): Promise<void> {
  if (sync.conflicts.length > 0) await git(worktree, ['reset', '--hard', '--quiet', sync.before]);
}
