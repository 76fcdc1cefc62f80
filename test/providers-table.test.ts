// One PROVIDERS table: it drives config parsing, the executors, `kev doctor` and the README's list.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExecutors, lazyExecutor } from '../src/agents/index.js';
import { LlmExecutor } from '../src/agents/llm-executor.js';
import { providerTable } from '../src/cli/provider-table.js';
import { configuredProviders, readConfig } from '../src/config/config.js';
import type { AttemptInput } from '../src/ports/executor.js';
import { DEFAULT_CATALOGUE } from '../src/router/catalogue.js';
import { PROVIDERS } from '../src/router/providers.js';

const NO_CLIS = { CLAUDE_BIN: '/nonexistent', CODEX_BIN: '/nonexistent' };

function attempt(provider: string): AttemptInput {
  const entry = Object.values(DEFAULT_CATALOGUE).find((e) => e.provider === provider)!;
  return {
    task: { id: 1 },
    rung: { key: entry.key, provider },
    entry,
    prompt: { system: 's', user: 'u' },
    maxOutputTokens: 10,
    timeoutMs: 1000,
    signal: new AbortController().signal,
    artifactsDir: '/tmp',
    budgetLeftMicros: 1_000_000,
  } as unknown as AttemptInput;
}

describe('the PROVIDERS table', () => {
  it('switches each HTTP provider on by its row: a key, or llama.cpp by its URL', () => {
    for (const row of PROVIDERS) {
      if (row.kind !== 'http') continue;
      const variable = 'keyVar' in row ? row.keyVar : row.baseUrlVar;
      const value = 'keyVar' in row ? 'sk-test-123456' : 'http://127.0.0.1:9/v1';
      const config = readConfig({ ...NO_CLIS, [variable]: value });
      expect([...configuredProviders(config)]).toEqual([row.name]);
      expect(Object.keys(createExecutors(config))).toEqual([row.name]);
      if ('keyVar' in row) expect(config.secrets).toContain(value);
    }
  });

  it('validates every base URL variable it names', () => {
    for (const row of PROVIDERS) {
      if (!('baseUrlVar' in row)) continue;
      expect(() => readConfig({ [row.baseUrlVar]: 'not a url' })).toThrow(
        new RegExp(`^${row.baseUrlVar} must be a URL`),
      );
    }
  });

  it("is the README's provider list", () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(providerTable());
    for (const row of PROVIDERS) expect(providerTable()).toContain(row.label);
  });
});

describe('executors never throw', () => {
  it('a failed load is an unavailable failure with its cause, and the next attempt loads again', async () => {
    let loads = 0;
    const executor = lazyExecutor(async () => {
      loads++;
      throw new Error("Cannot find package 'execa'");
    });
    const first = await executor.run(attempt('claude_code'));
    expect(first.ok).toBe(false);
    expect(first.failure).toMatchObject({ kind: 'unavailable', class: 'provider' });
    expect(first.failure?.message).toMatch(/cannot load claude_code: Cannot find package 'execa'/);
    await executor.run(attempt('claude_code'));
    expect(loads).toBe(2);
  });

  it('an HTTP provider that cannot be loaded is unavailable, not auth', async () => {
    const result = await new LlmExecutor({}).run(attempt('openai'));
    expect(result.failure).toMatchObject({ kind: 'unavailable', class: 'provider' });
    expect(result.failure?.message).toMatch(/openai is not configured/);
  });
});
