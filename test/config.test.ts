import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configuredProviders, loadEnv, readConfig } from '../src/config/config.js';
import { loadPolicy } from '../src/config/policy-file.js';

describe('config', () => {
  it('has working defaults with an empty environment', () => {
    const config = readConfig({}, '/srv/kev');
    expect(config.dataDir).toBe('/srv/kev/data');
    expect(config.dbFile).toBe('/srv/kev/data/kev.db');
    expect(config.logLevel).toBe('info');
    expect(config.telegram).toBeUndefined();
    expect(config.dailyBudgetUsd).toBe(5);
    expect(config.concurrency).toBe(2);
    expect(
      configuredProviders(readConfig({ CLAUDE_BIN: '/nonexistent', CODEX_BIN: '/nonexistent' }, '/srv/kev'))
        .size,
    ).toBe(0);
  });

  it.each([
    [{ KEV_LOG_LEVEL: 'loud' }, /^KEV_LOG_LEVEL must be one of fatal, error/],
    [
      { KEV_DAILY_BUDGET_USD: 'lots' },
      /^KEV_DAILY_BUDGET_USD must be a number of at least 0 \(got "lots"\)\.$/,
    ],
    [{ KEV_TIMEZONE: 'Mars/Olympus' }, /^KEV_TIMEZONE must be an IANA time zone/],
    [{ TELEGRAM_BOT_TOKEN: 'nope' }, /^TELEGRAM_BOT_TOKEN must look like/],
    [{ OPENAI_BASE_URL: 'not a url' }, /^OPENAI_BASE_URL must be a URL/],
    [
      { TELEGRAM_BOT_TOKEN: '123:abc', KEV_OWNER_TELEGRAM_IDS: '12,bob' },
      /^KEV_OWNER_TELEGRAM_IDS must be numeric/,
    ],
    [{ TELEGRAM_BOT_TOKEN: '123:abc' }, /^KEV_OWNER_TELEGRAM_IDS must list your numeric Telegram user id/],
    [
      { KEV_DIALY_BUDGET_USD: '3' },
      /^KEV_DIALY_BUDGET_USD is not a setting Kev knows; did you mean KEV_DAILY_BUDGET_USD\?$/,
    ],
  ])('stops with one sentence naming the variable: %o', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });

  it('reads .env, with real environment variables winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kev-env-'));
    writeFileSync(join(dir, '.env'), 'KEV_LOG_LEVEL=debug\nKEV_DATA_DIR=./from-file\n');
    const env = loadEnv(dir, { KEV_LOG_LEVEL: 'warn' });
    expect(readConfig(env, dir)).toMatchObject({ logLevel: 'warn', dataDir: join(dir, 'from-file') });
  });

  it('collects secrets for log scrubbing', () => {
    const config = readConfig({
      TELEGRAM_BOT_TOKEN: '123456:SECRET-token',
      KEV_OWNER_TELEGRAM_IDS: '1',
      GEMINI_API_KEY: 'AIzaSecret',
    });
    expect(config.secrets).toEqual(['123456:SECRET-token', 'AIzaSecret']);
  });
});

describe('kev.config.json', () => {
  const write = (json: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'kev-policy-')), 'kev.config.json');
    writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
    return file;
  };

  it('overrides models, routes and agents', () => {
    const policy = loadPolicy(
      write({
        models: {
          'cerebras/qwen-3-235b': {
            provider: 'cerebras',
            id: 'qwen-3-235b-a22b-instruct-2507',
            tier: 'cheap',
            price: { input: 0.6, output: 1.2, cached: 0.6 },
          },
        },
        routes: { research: { ladder: ['cerebras/qwen-3-235b', 'gemini/gemini-2.5-pro'] } },
        agents: [{ name: 'Scout', backup: 'cerebras/qwen-3-235b' }],
      }),
    );
    expect(policy.routes.research.ladder[0]).toBe('cerebras/qwen-3-235b');
    expect(policy.catalogue['cerebras/qwen-3-235b']?.id).toBe('qwen-3-235b-a22b-instruct-2507');
  });

  it.each([
    ['{ not json', /is not valid JSON/],
    [
      { routes: { research: { ladder: ['nope/model'] } } },
      /routes\.research\.ladder\[0\]: unknown model "nope\/model"\.$/,
    ],
    [{ routes: { juggling: { agent: 'Scout' } } }, /routes\.juggling: unknown field\.$/],
    [
      { routes: { reserch: { agent: 'Scout' } } },
      /routes\.reserch: unknown field; did you mean "research"\?$/,
    ],
    [{ modles: {} }, /kev\.config\.json: modles: unknown field; did you mean "models"\?$/],
    [{ agents: [{ name: 'Scout', primary: 'ghost' }] }, /agent Scout primary: unknown model "ghost"\.$/],
    [
      { routes: { research: { agnet: 'Scout' } } },
      /kev\.config\.json: routes\.research\.agnet: unknown field; did you mean "agent"\?$/,
    ],
    [{ agents: [{ name: 'Scuot' }] }, /agents\[0\]\.name: unknown agent "Scuot"; did you mean "Scout"\?$/],
    [
      { agents: [{ name: 'Scout', bakup: 'x' }] },
      /agents\[0\]\.bakup: unknown field; did you mean "backup"\?$/,
    ],
    [
      { routes: { research: { agent: 'Scuot' } } },
      /routes\.research\.agent: unknown agent "Scuot"; did you mean "Scout"\?$/,
    ],
    [
      { routes: { research: { ladder: ['cerebras/gpt-oss-12b'] } } },
      /routes\.research\.ladder\[0\]: unknown model "cerebras\/gpt-oss-12b"; did you mean "cerebras\/gpt-oss-120b"\?$/,
    ],
    [
      {
        models: {
          'x/y': { provider: 'openai', id: 'y', tier: 'cheap', price: { input: 1, output: 1, cahced: 0 } },
        },
      },
      /models\.x\/y\.price\.cahced: unknown field; did you mean "cached"\?$/,
    ],
    [{ agents: [{ name: 7 }] }, /agents\[0\]\.name: expected string, received number\.$/],
  ])('refuses a bad file with a sentence: %s', (json, message) => {
    expect(() => loadPolicy(write(json))).toThrow(message);
  });
});
