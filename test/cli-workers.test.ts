// The coding-CLI worker port: pure parser tables, then one contract suite run against both workers
// (Claude Code and Codex) with the fake CLIs in test/fakes/cli speaking the real output shapes.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClaudeCodeWorker } from '../src/agents/cli/claude-code.js';
import { CodexWorker } from '../src/agents/cli/codex.js';
import {
  BASE_ENV_ALLOWLIST,
  buildChildEnv,
  buildCliEnv,
  CLI_ENV_KEYS,
  GIT_IDENTITY_ENV,
} from '../src/agents/cli/env.js';
import { claudeRunResult, parseClaudeOutput } from '../src/agents/cli/parse-claude.js';
import { codexRunResult, parseCodexOutput } from '../src/agents/cli/parse-codex.js';
import type {
  CliFailureKind,
  CliRunRequest,
  CliRunResult,
  CliWorker,
  CommandOutcome,
} from '../src/agents/cli/types.js';
import { costMicros, DEFAULT_CATALOGUE } from '../src/router/catalogue.js';
import {
  FAKE_CLAUDE,
  FAKE_CODEX,
  isAlive,
  makeTempDir,
  readRecord,
  waitForFile,
} from './fakes/cli/helpers.js';

const PARENT_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  LANG: 'C.UTF-8',
  TELEGRAM_BOT_TOKEN: '123:telegram-secret',
  ANTHROPIC_API_KEY: 'sk-ant-test',
  OPENAI_API_KEY: 'sk-openai-test',
  GEMINI_API_KEY: 'gemini-test',
  CEREBRAS_API_KEY: 'cerebras-test',
  AWS_SECRET_ACCESS_KEY: 'aws-test',
};

const exited = (stdout: string, exitCode = 0, stderr = ''): CommandOutcome => ({
  ending: 'exited',
  stdout,
  stderr,
  exitCode,
});

function failureKind(result: CliRunResult): CliFailureKind | 'ok' {
  return result.ok ? 'ok' : result.failure.kind;
}

describe('parse-claude', () => {
  const success = {
    type: 'result',
    subtype: 'success',
    is_error: false,
    result: 'Done',
    session_id: 's1',
    num_turns: 2,
  };
  const line = (fields: object) => JSON.stringify({ ...success, ...fields });

  it('finds the result in a single object, a --verbose array, or stream-json lines', () => {
    expect(parseClaudeOutput(line({}))?.result).toBe('Done');
    expect(
      parseClaudeOutput(JSON.stringify([{ type: 'system', subtype: 'init' }, success]))?.session_id,
    ).toBe('s1');
    expect(
      parseClaudeOutput(`{"type":"system","subtype":"init"}\n${line({ result: 'last' })}\n`)?.result,
    ).toBe('last');
    expect(parseClaudeOutput('<html>nope</html>')).toBeUndefined();
    expect(parseClaudeOutput('')).toBeUndefined();
  });

  it.each<[string, CommandOutcome, CliFailureKind | 'ok']>([
    ['success', exited(line({})), 'ok'],
    ['is_error on a success subtype', exited(line({ is_error: true, result: 'API Error' }), 1), 'is_error'],
    ['error_max_turns', exited(line({ subtype: 'error_max_turns', is_error: true }), 1), 'max_turns'],
    [
      'error_max_budget_usd',
      exited(line({ subtype: 'error_max_budget_usd', is_error: true }), 1),
      'max_budget',
    ],
    [
      'error_during_execution',
      exited(line({ subtype: 'error_during_execution', is_error: true }), 1),
      'is_error',
    ],
    ['an unknown error_ subtype', exited(line({ subtype: 'error_something_new' }), 1), 'is_error'],
    ['partial output then exit 1', exited('{"type":"res', 1, 'boom'), 'exit'],
    ['killed by a foreign signal', { ending: 'exited', stdout: '', stderr: '', signal: 'SIGKILL' }, 'exit'],
    ['garbage with exit 0', exited('not json'), 'malformed'],
    ['timeout', { ending: 'timeout', stdout: line({}), stderr: '' }, 'timeout'],
    ['cancelled', { ending: 'cancelled', stdout: '', stderr: '' }, 'cancelled'],
    ['spawn error', { ending: 'spawn_error', stdout: '', stderr: '', errorMessage: 'ENOENT' }, 'spawn'],
  ])('%s', (_name, outcome, kind) => {
    expect(failureKind(claudeRunResult(outcome))).toBe(kind);
  });

  it('counts cache reads and writes as input and takes cost from total_cost_usd', () => {
    const usage = {
      input_tokens: 10,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 5,
      output_tokens: 7,
    };
    const result = claudeRunResult(exited(line({ usage, total_cost_usd: 0.0123 })));
    expect(result.usage).toEqual({ inputTokens: 115, cachedTokens: 100, outputTokens: 7 });
    expect(result.costMicros).toBe(12_300);
  });

  it('prices tokens from the catalogue when the CLI reports no cost', () => {
    const entry = DEFAULT_CATALOGUE['claude-code/sonnet']!;
    const result = claudeRunResult(
      exited(line({ usage: { input_tokens: 1000, output_tokens: 100 } })),
      entry,
    );
    expect(result.costMicros).toBe(
      costMicros(entry, { inputTokens: 1000, outputTokens: 100, cachedTokens: 0 }),
    );
  });
});

describe('parse-codex', () => {
  const events = (...lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n');
  const started = { type: 'thread.started', thread_id: 't1' };
  const message = { type: 'item.completed', item: { id: 'i', type: 'agent_message', text: 'All done' } };
  const completed = {
    type: 'turn.completed',
    usage: { input_tokens: 100, cached_input_tokens: 40, output_tokens: 9 },
  };

  it('folds events into a transcript, skipping lines that are not events', () => {
    const t = parseCodexOutput(
      `${events(started, { type: 'turn.started' }, message, completed)}\nwarning: noise`,
    );
    expect(t).toMatchObject({ threadId: 't1', messages: ['All done'], turnsCompleted: 1, unparsedLines: 1 });
    expect(t.usage).toEqual({ inputTokens: 100, cachedTokens: 40, outputTokens: 9 });
  });

  it.each<[string, CommandOutcome, CliFailureKind | 'ok']>([
    ['success', exited(events(started, message, completed)), 'ok'],
    [
      'turn.failed',
      exited(events(started, { type: 'turn.failed', error: { message: '401' } }), 1),
      'is_error',
    ],
    ['error event only, exit 0', exited(events(started, { type: 'error', message: 'bad' })), 'is_error'],
    ['partial output then exit 1', exited(`${events(started)}\n{"type":"item.compl`, 1), 'exit'],
    ['completed turn but exit 1', exited(events(started, completed), 1), 'exit'],
    ['garbage with exit 0', exited('not json'), 'malformed'],
    ['events but no turn.completed', exited(events(started)), 'malformed'],
    ['timeout', { ending: 'timeout', stdout: events(started), stderr: '' }, 'timeout'],
  ])('%s', (_name, outcome, kind) => {
    expect(failureKind(codexRunResult(outcome))).toBe(kind);
  });

  it('prices tokens with the catalogue entry, and keeps usage on failure', () => {
    const entry = DEFAULT_CATALOGUE['codex/gpt-5-codex']!;
    const usage = { inputTokens: 100, cachedTokens: 40, outputTokens: 9 };
    expect(codexRunResult(exited(events(started, message, completed)), entry).costMicros).toBe(
      costMicros(entry, usage),
    );
    const timedOut = codexRunResult(
      { ending: 'timeout', stdout: events(started, completed), stderr: '' },
      entry,
    );
    expect(timedOut).toMatchObject({ ok: false, usage, sessionId: 't1' });
  });
});

describe('buildChildEnv', () => {
  it('keeps the allowlist and explicit extras, and drops everything else', () => {
    const env = buildChildEnv(PARENT_ENV, { ANTHROPIC_API_KEY: 'explicit', NOPE: undefined });
    expect(env).toEqual({
      PATH: PARENT_ENV.PATH,
      HOME: PARENT_ENV.HOME,
      LANG: 'C.UTF-8',
      ANTHROPIC_API_KEY: 'explicit',
    });
  });
});

interface Implementation {
  cli: 'claude_code' | 'codex';
  bin: string;
  model: string;
  make: (bin: string) => CliWorker;
  /** Cost of the fake's success output, in micro-USD. */
  successCost: number;
  expectedArgs: (cwd: string, prompt: string) => string[];
}

const IMPLEMENTATIONS: Implementation[] = [
  {
    cli: 'claude_code',
    bin: FAKE_CLAUDE,
    model: 'sonnet',
    make: (bin) => new ClaudeCodeWorker({ bin, graceMs: 200 }),
    successCost: 42_100,
    expectedArgs: (_cwd, prompt) => [
      ...['-p', '--output-format', 'json', '--model', 'sonnet', '--max-turns', '5'],
      ...[
        '--permission-mode',
        'acceptEdits',
        '--max-budget-usd',
        '0.5',
        '--allowedTools',
        'Read',
        'Edit',
        '--',
        prompt,
      ],
    ],
  },
  {
    cli: 'codex',
    bin: FAKE_CODEX,
    model: 'gpt-5-codex',
    make: (bin) => new CodexWorker({ bin, graceMs: 200 }),
    successCost: costMicros(DEFAULT_CATALOGUE['codex/gpt-5-codex']!, {
      inputTokens: 24_763,
      cachedTokens: 24_448,
      outputTokens: 122,
    }),
    expectedArgs: (cwd, prompt) => [
      ...['exec', '--json', '--model', 'gpt-5-codex', '--sandbox', 'workspace-write'],
      ...['--cd', cwd, '--skip-git-repo-check', '--', prompt],
    ],
  },
];

describe.each(IMPLEMENTATIONS)('CliWorker contract: $cli', (impl) => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const worker = impl.make(impl.bin);

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => cleanup());

  function request(
    mode: string,
    extra: Partial<CliRunRequest> = {},
    env: Record<string, string> = {},
  ): CliRunRequest {
    return {
      prompt: 'Add a README',
      cwd: dir,
      model: impl.model,
      timeoutMs: 15_000,
      maxTurns: 5,
      maxBudgetUsd: 0.5,
      allowedTools: ['Read', 'Edit'],
      env: buildCliEnv(impl.cli, PARENT_ENV, {
        FAKE_CLI_MODE: mode,
        FAKE_CLI_RECORD: join(dir, 'record.json'),
        ...env,
      }),
      ...extra,
    };
  }

  it('succeeds with summary, session, usage and cost', async () => {
    const result = await worker.run(request('success'));
    expect(result).toMatchObject({ ok: true, costMicros: impl.successCost });
    if (!result.ok) return;
    expect(result.summary).toContain('Add a README');
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it('passes the prompt as one argv element, never through a shell', async () => {
    const prompt = '-x $(touch pwned) `touch pwned2`; echo "hi" && rm -rf / | cat > pwned3';
    const result = await worker.run(request('success', { prompt }));
    expect(result.ok).toBe(true);
    const record = await readRecord(join(dir, 'record.json'));
    expect(record.argv).toEqual(impl.expectedArgs(dir, prompt));
    expect(record.cwd).toBe(dir);
    for (const file of ['pwned', 'pwned2', 'pwned3']) expect(existsSync(join(dir, file))).toBe(false);
  });

  it('gives the child only the allowlisted env and its own key', async () => {
    await worker.run(request('success'));
    const { env } = await readRecord(join(dir, 'record.json'));
    const allowed = new Set<string>([
      ...BASE_ENV_ALLOWLIST,
      ...CLI_ENV_KEYS[impl.cli],
      ...Object.keys(GIT_IDENTITY_ENV),
      'FAKE_CLI_MODE',
      'FAKE_CLI_RECORD',
    ]);
    expect(Object.keys(env).filter((key) => !allowed.has(key))).toEqual([]);
    expect(env.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(env.GEMINI_API_KEY).toBeUndefined();
    const [own, other] =
      impl.cli === 'claude_code'
        ? ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY']
        : ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY'];
    expect(env[own]).toBe(PARENT_ENV[own]);
    expect(env[other]).toBeUndefined();
  });

  it.each<[string, CliFailureKind]>([
    ['error_result', 'is_error'],
    ['partial_then_exit1', 'exit'],
    ['garbage', 'malformed'],
  ])('maps %s to a %s failure', async (mode, kind) => {
    const result = await worker.run(request(mode));
    expect(failureKind(result)).toBe(kind);
    if (!result.ok && kind !== 'malformed') expect(result.failure.exitCode).toBe(1);
  });

  it('stops a run that exceeds its timeout', async () => {
    const result = await worker.run(request('hang', { timeoutMs: 300 }));
    expect(failureKind(result)).toBe('timeout');
  });

  it('on cancel kills the whole process tree, even a grandchild that ignores SIGTERM', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const controller = new AbortController();
    const env = { FAKE_CLI_PIDFILE: pidFile, FAKE_CLI_IGNORE_TERM: '1' };
    const running = worker.run(request('hang_with_grandchild', { signal: controller.signal }, env));
    const grandchild = Number(await waitForFile(pidFile));
    expect(isAlive(grandchild)).toBe(true);
    controller.abort();
    expect(failureKind(await running)).toBe('cancelled');
    expect(isAlive(grandchild)).toBe(false);
  });

  it('on timeout kills the grandchild too', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const running = worker.run(
      request('hang_with_grandchild', { timeoutMs: 500 }, { FAKE_CLI_PIDFILE: pidFile }),
    );
    const grandchild = Number(await waitForFile(pidFile));
    expect(failureKind(await running)).toBe('timeout');
    expect(isAlive(grandchild)).toBe(false);
  });

  it('ends a run whose CLI exited but left a descendant holding stdout, and kills that descendant', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const result = await worker.run(request('exit_leaving_grandchild', {}, { FAKE_CLI_PIDFILE: pidFile }));
    expect(result.ok).toBe(true);
    expect(isAlive(Number(await readFile(pidFile, 'utf8')))).toBe(false);
  });

  it('returns cancelled at once for an already-aborted signal', async () => {
    const result = await worker.run(request('success', { signal: AbortSignal.abort() }));
    expect(failureKind(result)).toBe('cancelled');
    expect(existsSync(join(dir, 'record.json'))).toBe(false);
  });

  it('saves stdout and stderr in the artifacts directory', async () => {
    const artifactsDir = join(dir, 'artifacts', 'task-1');
    await worker.run(request('partial_then_exit1', { artifactsDir }));
    expect(await readFile(join(artifactsDir, 'stdout.log'), 'utf8')).toContain('{"type":');
    expect((await readFile(join(artifactsDir, 'stderr.log'), 'utf8')).length).toBeGreaterThan(0);
  });

  it('reports a missing binary as a spawn failure', async () => {
    const result = await impl.make(join(dir, 'no-such-cli')).run(request('success'));
    expect(failureKind(result)).toBe('spawn');
  });

  it('resumes a session by id', async () => {
    const result = await worker.run(request('success', { resumeSessionId: 'prior-session' }));
    expect(result.sessionId).toBe('prior-session');
    const { argv } = await readRecord(join(dir, 'record.json'));
    expect(argv.join(' ')).toMatch(
      impl.cli === 'codex' ? /resume prior-session --/ : /--resume prior-session/,
    );
  });

  it('never throws, even when the injected runner does', async () => {
    const throwing =
      impl.cli === 'codex'
        ? new CodexWorker({ bin: 'x', runCommand: () => Promise.reject(new Error('boom')) })
        : new ClaudeCodeWorker({ bin: 'x', runCommand: () => Promise.reject(new Error('boom')) });
    const result = await throwing.run(request('success'));
    expect(result).toMatchObject({ ok: false, failure: { kind: 'spawn' }, costMicros: 0 });
  });
});

describe('ClaudeCodeWorker error subtypes', () => {
  it.each<[string, CliFailureKind]>([
    ['max_turns', 'max_turns'],
    ['max_budget', 'max_budget'],
    ['during_execution', 'is_error'],
  ])('maps %s to %s and still records the cost', async (mode, kind) => {
    const { dir, cleanup } = await makeTempDir();
    const worker = new ClaudeCodeWorker({ bin: FAKE_CLAUDE });
    const env = buildCliEnv('claude_code', PARENT_ENV, { FAKE_CLI_MODE: mode });
    const result = await worker.run({ prompt: 'p', cwd: dir, model: 'opus', timeoutMs: 15_000, env });
    await cleanup();
    expect(failureKind(result)).toBe(kind);
    expect(result.costMicros).toBe(42_100);
  });
});
