// What a build branch changed, as text for a reviewer (Hawk's security scan): the diff stat and the
// patch, cut to a size. Works before and after the merge: a merged branch is read from its merge
// commit on main (the three-dot diff of a merged branch is empty).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { git, tryGit } from './cli/git.js';
import { branchExists, MAIN_BRANCH } from './cli/workspace.js';

/** Characters of patch per branch; the stat is always whole. */
export const DIFF_CHARS = 6000;

async function mergeOf(repo: string, tip: string): Promise<string | undefined> {
  const lines = await git(repo, ['rev-list', '--first-parent', '--merges', '--parents', MAIN_BRANCH]);
  return lines
    .split('\n')
    .map((line) => line.trim().split(' '))
    .find((parts) => parts.slice(2).includes(tip))?.[0];
}

/** The branch's changes in the project's repo, or undefined when there is no such repo or branch. */
export async function branchDiff(
  dataDir: string,
  project: string,
  branch: string,
  maxChars = DIFF_CHARS,
): Promise<string | undefined> {
  const repo = join(dataDir, 'workspaces', project);
  if (!existsSync(join(repo, '.git')) || !(await branchExists(repo, branch))) return undefined;
  let range = [`${MAIN_BRANCH}...${branch}`];
  if (!(await git(repo, ['diff', '--stat', ...range])).trim()) {
    const merge = await mergeOf(repo, await git(repo, ['rev-parse', branch]));
    if (!merge) return `no changes against ${MAIN_BRANCH}`;
    range = [`${merge}^1`, merge];
  }
  const stat = (await git(repo, ['diff', '--stat', ...range])).trim();
  const patch = (await tryGit(repo, ['diff', '--no-color', ...range])).stdout;
  const cut =
    patch.length > maxChars
      ? `${patch.slice(0, maxChars)}\n… (${patch.length - maxChars} more characters)`
      : patch;
  return `${stat}\n\n${cut.trimEnd()}`;
}
