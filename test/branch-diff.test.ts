// The security scan reads what today's build branches changed, from real git repositories: the
// open branch by its three-dot diff, a merged one from its merge commit on main.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { branchDiff } from '../src/agents/branch-diff.js';
import { git } from '../src/agents/cli/git.js';
import { DEFAULT_CYCLES } from '../src/kev/cycles/templates.js';
import { JOB_RUNS } from '../src/kev/schedules/jobs.js';
import { resolveSchedules } from '../src/kev/schedules/table.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { type TempStore, tempDir, tempStore } from './helpers/store.js';

let t: TempStore | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

async function project(dataDir: string, name: string): Promise<string> {
  const repo = join(dataDir, 'workspaces', name);
  mkdirSync(repo, { recursive: true });
  await git(repo, ['init', '--quiet', '--initial-branch', 'main']);
  writeFileSync(join(repo, 'README.md'), '# app\n');
  await git(repo, ['add', '.']);
  await git(repo, ['commit', '--quiet', '-m', 'start']);
  return repo;
}

async function branch(repo: string, name: string, file: string, content: string): Promise<void> {
  await git(repo, ['checkout', '--quiet', '-b', name]);
  writeFileSync(join(repo, file), content);
  await git(repo, ['add', '.']);
  await git(repo, ['commit', '--quiet', '-m', `work on ${name}`]);
  await git(repo, ['checkout', '--quiet', 'main']);
}

describe('branchDiff', () => {
  it('reads an open branch and a merged one, and nothing for a missing repo or branch', async () => {
    const dataDir = tempDir('kev-diff-');
    const repo = await project(dataDir, 'billing');
    await branch(repo, 'kev/1-export', 'export.ts', 'export const token = process.env.API_TOKEN;\n');
    await branch(repo, 'kev/2-login', 'login.ts', 'eval(request.body);\n');
    await git(repo, ['merge', '--quiet', '--no-ff', '-m', 'Merge kev/2-login', 'kev/2-login']);

    const open = await branchDiff(dataDir, 'billing', 'kev/1-export');
    expect(open).toContain('export.ts | 1 +');
    expect(open).toContain('+export const token = process.env.API_TOKEN;');
    const merged = await branchDiff(dataDir, 'billing', 'kev/2-login');
    expect(merged).toContain('login.ts | 1 +');
    expect(merged).toContain('+eval(request.body);');
    expect(merged).not.toContain('export.ts');
    expect(await branchDiff(dataDir, 'billing', 'kev/9-nothing')).toBeUndefined();
    expect(await branchDiff(dataDir, 'nowhere', 'kev/1-export')).toBeUndefined();
    const short = await branchDiff(dataDir, 'billing', 'kev/1-export', 20);
    expect(short).toMatch(/… \(\d+ more characters\)$/);
  });

  it('puts the diffs of today’s builds in Hawk’s security task', async () => {
    t = tempStore();
    const { store } = t;
    const dataDir = tempDir('kev-diff-');
    const repo = await project(dataDir, 'billing');
    await branch(repo, 'kev/1-export', 'export.ts', 'const password = "hunter2";\n');
    const build = store.tasks.create({ title: 'CSV export', type: 'code', agent: 'Rex' });
    store.tasks.claim('w', 60_000);
    store.builds.set(build.id, { project: 'billing', branch: 'kev/1-export' });
    store.tasks.complete(build.id, 'w', 'Added the export');
    const end = await JOB_RUNS.security({
      store,
      policy: DEFAULT_POLICY,
      timezone: 'UTC',
      configured: new Set(['cerebras']),
      dailyBudgetUsd: 5,
      clock: t.clock.read,
      chats: [{ platform: 'console', chatId: 'local' }],
      notify: () => {},
      kick: () => {},
      templates: DEFAULT_CYCLES,
      jobs: resolveSchedules(),
      diffOf: (task) => branchDiff(dataDir, task.project ?? '', task.branch ?? ''),
    });
    const body = store.tasks.get(end.taskId ?? 0)?.body ?? '';
    expect(body).toContain('#1 billing · branch kev/1-export · review — CSV export');
    expect(body).toContain('  Summary: Added the export');
    expect(body).toContain('    +const password = "hunter2";');
  });
});
