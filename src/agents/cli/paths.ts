// Containment check for paths a CLI or a reviewer names: a path must never escape its worktree,
// including through symlinks (resolved with realpath the way the kernel would walk them).

import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

async function realOrSelf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

/** Walks the candidate one component at a time, so `link/..` goes where the link's target's parent is. */
async function resolveReal(base: string, candidate: string): Promise<string> {
  let current = isAbsolute(candidate) ? await realOrSelf(sep) : base;
  for (const part of candidate.split(sep)) {
    if (part === '' || part === '.') continue;
    current = part === '..' ? dirname(current) : await realOrSelf(join(current, part));
  }
  return current;
}

/** True when `candidate` (absolute, or relative to the worktree) stays inside `worktree`. */
export async function pathInside(worktree: string, candidate: string): Promise<boolean> {
  const root = await realOrSelf(worktree);
  const target = await resolveReal(root, candidate);
  const rel = relative(root, target);
  return rel === '' || !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
}
