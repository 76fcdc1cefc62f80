// The pure parts of build work: which project a task belongs to, the session cap, which task types
// take build slots, the diff line of a review, and the build settings in the config.

import { describe, expect, it } from 'vitest';
import { buildTaskTypes, Semaphore } from '../src/agents/build-slots.js';
import { projectOf } from '../src/agents/build-task.js';
import { diffLine } from '../src/agents/cli-executor.js';
import { ConfigError, DEFAULT_ALLOWED_TOOLS, readConfig } from '../src/config/config.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';

describe('projectOf', () => {
  const task = (title: string, project: string | null = null) => ({ title, body: title, project });

  it.each([
    ['Build a CSV export for the invoices page', 'build-a-csv-export-for-the-invoices-page'],
    ['Add dark mode in the dashboard repo', 'dashboard'],
    ['Fix the login form in project billing-api', 'billing-api'],
    ['Add a webhook to our storefront project', 'storefront'],
    ['Build an app in a new repo', 'build-an-app-in-a-new-repo'],
  ])('%s → %s', (title, project) => {
    expect(projectOf(task(title))).toBe(project);
  });

  it('keeps the project recorded on the task', () => {
    expect(projectOf(task('Add dark mode in the dashboard repo', 'site'))).toBe('site');
  });
});

describe('Semaphore', () => {
  it('grants up to its limit, hands a released slot to the next waiter, and drops aborted waiters', async () => {
    const slots = new Semaphore(1);
    const first = await slots.acquire();
    const abort = new AbortController();
    const gaveUp = slots.acquire(abort.signal);
    const next = slots.acquire();
    abort.abort();
    expect(await gaveUp).toBeUndefined();
    first?.();
    const second = await next;
    expect(second).toBeTypeOf('function');
    expect(slots.inUse).toBe(1);
    second?.();
    second?.();
    expect(slots.inUse).toBe(0);
  });
});

describe('build slots', () => {
  it('counts the types whose cheapest rung is a coding CLI', () => {
    expect(buildTaskTypes(DEFAULT_POLICY)).toEqual(['code', 'code_batch']);
  });
});

describe('diffLine', () => {
  it('names up to five files', () => {
    const changes = ['a', 'b', 'c', 'd', 'e', 'f'].map((path) => ({ path, insertions: 2, deletions: 1 }));
    expect(diffLine({ files: 6, insertions: 12, deletions: 6, changes })).toBe(
      'Diff: 6 files changed, +12 −6 (a, b, c, d, e, +1 more)',
    );
    expect(diffLine({ files: 0, insertions: 0, deletions: 0, changes: [] })).toBe(
      'Diff: no changes against main',
    );
  });
});

describe('build config', () => {
  it('has safe defaults', () => {
    const { env, buildConcurrency } = readConfig({}, '/srv/kev');
    expect(buildConcurrency).toBe(2);
    expect(env.KEV_CLI_PERMISSION_MODE).toBe('acceptEdits');
    expect(env.KEV_CLI_ALLOWED_TOOLS).toEqual(DEFAULT_ALLOWED_TOOLS);
    expect(env.KEV_CLI_ALLOWED_TOOLS).not.toContain('Bash');
    expect(env.KEV_CLI_ALLOWED_TOOLS.some((tool) => /push|WebFetch|npm install/.test(tool))).toBe(false);
    expect(env.KEV_CODEX_SANDBOX).toBe('workspace-write');
    expect(env.KEV_CLI_TIMEOUT_MS).toBe(1_800_000);
  });

  it('reads the owner’s settings, empty values meaning the default', () => {
    const { env, buildConcurrency } = readConfig({
      KEV_CLI_PERMISSION_MODE: 'plan',
      KEV_CLI_ALLOWED_TOOLS: 'Read, Edit ,Bash(make test:*)',
      KEV_CODEX_SANDBOX: '',
      KEV_BUILD_CONCURRENCY: '5',
      KEV_CLI_MAX_TURNS: '80',
    });
    expect(env.KEV_CLI_PERMISSION_MODE).toBe('plan');
    expect(env.KEV_CLI_ALLOWED_TOOLS).toEqual(['Read', 'Edit', 'Bash(make test:*)']);
    expect(env.KEV_CODEX_SANDBOX).toBe('workspace-write');
    expect(env.KEV_CLI_MAX_TURNS).toBe(80);
    expect(buildConcurrency).toBe(5);
  });

  it.each([
    [
      { KEV_CLI_PERMISSION_MODE: 'yolo' },
      /^KEV_CLI_PERMISSION_MODE must be one of acceptEdits, default, plan/,
    ],
    [
      { KEV_CODEX_SANDBOX: 'danger-full-access' },
      /^KEV_CODEX_SANDBOX must be one of workspace-write, read-only/,
    ],
    [{ KEV_BUILD_CONCURRENCY: '0' }, /^KEV_BUILD_CONCURRENCY must be a number of at least 1/],
  ])('refuses %o', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });
});
