// What a git killed mid-merge leaves in a project repo's checkout of main, cleared before the next
// merge: git's lock files (HEAD.lock, refs/heads/main.lock, index.lock…), which fail every later git
// command until removed, a merge left half-made (MERGE_HEAD), and a merge's result staged but never
// committed (killed before it wrote MERGE_HEAD), which makes the next merge refuse to overwrite it.

import { existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { tryGit } from './git.js';

/**
 * Lock files in the repo's own git dir (the per-worktree dirs and the object store excluded) last
 * written before `staleBefore`: the time this Kev started, so no git of its own can hold them.
 */
async function staleLocks(dir: string, staleBefore: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'objects' && entry.name !== 'worktrees')
        found.push(...(await staleLocks(path, staleBefore)));
    } else if (entry.name.endsWith('.lock')) {
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtimeMs < staleBefore) found.push(path);
    }
  }
  return found;
}

/**
 * Changes staged in the checkout of main by a git before this Kev: Kev commits nothing there but
 * merges, so these are a merge's result that a kill stopped before its commit.
 */
async function staleStaged(repo: string, gitDir: string, staleBefore: number): Promise<boolean> {
  const index = await stat(join(gitDir, 'index')).catch(() => undefined);
  if (!index || index.mtimeMs >= staleBefore) return false;
  return (await tryGit(repo, ['diff', '--cached', '--quiet'])).exitCode === 1;
}

/**
 * Clears what a killed git left in `repo`'s checkout: stale locks are removed, and a merge cut short
 * is aborted (main keeps its merge commit if that landed; otherwise main is as before the merge, which
 * is then simply made again). Returns what it cleared, for the log. Call under the repo's lock.
 */
export async function repairCheckout(repo: string, staleBefore: number): Promise<string[]> {
  const gitDir = join(repo, '.git');
  if (!existsSync(gitDir)) return [];
  const cleared: string[] = [];
  for (const lock of await staleLocks(gitDir, staleBefore)) {
    await rm(lock, { force: true });
    cleared.push(lock.slice(gitDir.length + 1));
  }
  if (existsSync(join(gitDir, 'MERGE_HEAD'))) {
    const abort = await tryGit(repo, ['merge', '--abort']);
    if (abort.exitCode !== 0) await tryGit(repo, ['reset', '--hard', '--quiet', 'HEAD']);
    cleared.push('MERGE_HEAD');
  } else if (await staleStaged(repo, gitDir, staleBefore)) {
    // Only what is staged goes (--merge keeps edits that are in the working tree alone).
    await tryGit(repo, ['reset', '--merge', '--quiet']);
    cleared.push('staged changes');
  }
  return cleared;
}
