// One provider contract suite, run against every LLM provider through its fake server and its real SDK.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyStatus, parseRetryAfterMs, redact } from '../src/agents/providers/errors.js';
import {
  type CompletionRequest,
  type CompletionResult,
  type LlmProvider,
  type LlmProviderName,
  loadProvider,
} from '../src/agents/providers/index.js';
import { DEFAULT_CATALOGUE, type ModelEntry } from '../src/router/catalogue.js';
import {
  type FakeReply,
  type FakeServer,
  type FakeUsage,
  jsonReply,
  LLM_FAKES,
  slow,
  stalled,
  textReply,
} from './fakes/llm/index.js';

const KEY = 'sk-test-SECRET-0123456789abcdef';
const SYSTEM = 'You are Kev.';
const USAGE: FakeUsage = {
  inputTokens: 1000,
  outputTokens: 200,
  cachedTokens: 400,
  reasoningTokens: 50,
  cacheWriteTokens: 100,
};
const SCHEMA = {
  type: 'object',
  properties: { intent: { type: 'string' }, title: { type: 'string' } },
  required: ['intent', 'title'],
  additionalProperties: false,
};

interface Case {
  provider: LlmProviderName;
  model: ModelEntry;
  costMicros: number;
  overloadedStatus: number;
  path: string;
  streamed: boolean;
  /** The structured-output request in the vendor's real shape. */
  json: unknown;
}

const model = (key: string): ModelEntry => DEFAULT_CATALOGUE[key]!;
const OPENAI_MODELS = {
  openai: 'openai/gpt-5-mini',
  cerebras: 'cerebras/gpt-oss-120b',
  llamacpp: 'llamacpp/local',
};

const CASES: Case[] = [
  {
    provider: 'anthropic',
    model: model('anthropic/claude-haiku-5-5'),
    costMicros: 1640,
    overloadedStatus: 529,
    path: '/v1/messages',
    streamed: false,
    json: { type: 'json_schema', schema: SCHEMA },
  },
  ...(['openai', 'cerebras', 'llamacpp'] as const).map(
    (provider): Case => ({
      provider,
      model: model(OPENAI_MODELS[provider]),
      costMicros: { openai: 560, cerebras: 500, llamacpp: 0 }[provider],
      overloadedStatus: 503,
      path: '/v1/chat/completions',
      streamed: true,
      json: { type: 'json_schema', json_schema: { name: 'intent', schema: SCHEMA, strict: true } },
    }),
  ),
  {
    provider: 'gemini',
    model: model('gemini/gemini-2.5-flash'),
    costMicros: 692,
    overloadedStatus: 503,
    path: '/v1beta/models/gemini-2.5-flash:generateContent',
    streamed: false,
    json: { responseMimeType: 'application/json', responseJsonSchema: SCHEMA },
  },
];

describe.each(CASES)('provider contract: $provider', (c) => {
  let fake: FakeServer;
  let provider: LlmProvider;
  const failureMessages: string[] = [];

  beforeEach(async () => {
    fake = await LLM_FAKES[c.provider]();
    provider = await loadProvider(c.provider, { apiKey: KEY, baseUrl: fake.baseUrl });
  });
  afterEach(() => fake.close());
  afterAll(() => {
    expect(failureMessages.length).toBeGreaterThan(10);
    for (const message of failureMessages) expect(message).not.toContain(KEY);
  });

  async function complete(reply: FakeReply | undefined, extra: Partial<CompletionRequest> = {}) {
    if (reply) fake.script(reply);
    const result = await provider.complete({
      model: c.model,
      system: SYSTEM,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: 'add a task' },
      ],
      maxOutputTokens: 256,
      timeoutMs: 5_000,
      ...extra,
    });
    if (!result.ok) failureMessages.push(result.failure.message);
    return result;
  }

  function failureOf(result: CompletionResult) {
    if (result.ok) throw new Error(`expected a failure, got ok: ${result.text}`);
    return result.failure;
  }

  it('answers text with normalized usage and cost to the micro-dollar', async () => {
    const result = await complete(textReply('Task added.', USAGE));
    expect(result).toEqual({
      ok: true,
      text: 'Task added.',
      stopReason: 'end',
      usage: { inputTokens: 1000, outputTokens: 200, cachedTokens: 400 },
      costMicros: c.costMicros,
    });
    expect(fake.requests.map((r) => r.path)).toEqual([c.path]);
    const [call] = fake.calls();
    expect(call).toMatchObject({
      apiKey: KEY,
      model: c.model.id,
      system: SYSTEM,
      maxOutputTokens: 256,
      json: undefined,
    });
    expect(call?.streamed).toBe(c.streamed);
    expect(call?.turns).toEqual([
      { role: 'user', text: 'hi' },
      { role: 'assistant', text: 'hello' },
      { role: 'user', text: 'add a task' },
    ]);
  });

  it('sends a JSON request in the provider shape and returns the JSON answer', async () => {
    const value = { intent: 'add_task', title: 'Ship the brief' };
    const result = await complete(jsonReply(value, USAGE), { json: { name: 'intent', schema: SCHEMA } });
    expect(result.ok && JSON.parse(result.text)).toEqual(value);
    expect(fake.calls()[0]?.json).toEqual(c.json);
  });

  it('reports a JSON answer that does not parse as malformed, with the usage spent', async () => {
    const result = await complete(textReply('Sure! {intent:', USAGE), {
      json: { name: 'intent', schema: SCHEMA },
    });
    expect(failureOf(result).kind).toBe('malformed');
    expect(result.usage.outputTokens).toBe(200);
    expect(result.costMicros).toBe(c.costMicros);
  });

  it.each([
    ['max_tokens', 'max_tokens'],
    ['refusal', 'refusal'],
  ] as const)('maps a %s stop', async (stop, expected) => {
    const result = await complete({ kind: 'text', text: 'I cannot help with that.', usage: USAGE, stop });
    expect(result.ok && result.stopReason).toBe(expected);
  });

  it.each([
    [{ retryAfterSeconds: 7 }, 7000],
    [{ retryAfterMs: 1500 }, 1500],
  ])('maps 429 %o to rate_limited with retryAfterMs', async (retry, expected) => {
    const failure = failureOf(await complete({ kind: 'error', status: 429, message: 'slow down', ...retry }));
    expect(failure).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: expected });
  });

  it.each([
    ['server', 500],
    ['overloaded', c.overloadedStatus],
    ['bad_request', 400],
    ['bad_request', 404],
    ['auth', 403],
  ] as const)('maps an HTTP error to %s (%i)', async (kind, status) => {
    const failure = failureOf(await complete({ kind: 'error', status }));
    expect(failure).toMatchObject({ kind, status });
  });

  it('maps 401 to auth and never repeats the key the server echoed', async () => {
    const failure = failureOf(
      await complete({ kind: 'error', status: 401, message: `Incorrect API key provided: ${KEY}` }),
    );
    expect(failure.kind).toBe('auth');
    expect(failure.message).not.toContain(KEY);
  });

  it("maps the vendor's prompt-too-long error to context_too_long", async () => {
    expect(failureOf(await complete({ kind: 'context_too_long' })).kind).toBe('context_too_long');
  });

  it('does not retry in the SDK by default: the router is in control', async () => {
    fake.script({ kind: 'error', status: 500 }, textReply('late'));
    expect(failureOf(await complete(undefined)).kind).toBe('server');
    expect(fake.requests).toHaveLength(1);
  });

  it('passes maxRetries through to the SDK', async () => {
    provider = await loadProvider(c.provider, { apiKey: KEY, baseUrl: fake.baseUrl, maxRetries: 1 });
    fake.script({ kind: 'error', status: 503, retryAfterMs: 10 }, textReply('second time lucky', USAGE));
    const result = await complete(undefined);
    expect(result.ok && result.text).toBe('second time lucky');
    expect(fake.requests).toHaveLength(2);
  });

  it('reports our own timeout as timeout', async () => {
    const result = await complete(slow(5_000, textReply('too late')), { timeoutMs: 200 });
    expect(failureOf(result).kind).toBe('timeout');
  });

  it('reports our own timeout as timeout when the body stalls after the headers', async () => {
    const result = await complete(stalled(5_000, textReply('stalled answer', USAGE)), { timeoutMs: 300 });
    expect(failureOf(result).kind).toBe('timeout');
  });

  it("reports the caller's abort as aborted", async () => {
    const controller = new AbortController();
    const pending = complete(slow(5_000, textReply('too late')), { signal: controller.signal });
    await fake.waitForRequests(1);
    controller.abort();
    expect(failureOf(await pending).kind).toBe('aborted');
  });

  it('does not call the server when the signal is already aborted', async () => {
    const result = await complete(textReply('unused'), { signal: AbortSignal.abort() });
    expect(failureOf(result).kind).toBe('aborted');
    expect(fake.requests).toHaveLength(0);
  });

  it.each(['malformed', 'missing_fields'] as const)('reports a %s body as malformed', async (kind) => {
    expect(failureOf(await complete({ kind })).kind).toBe('malformed');
  });

  it('reports a destroyed connection as network', async () => {
    expect(failureOf(await complete({ kind: 'destroy' })).kind).toBe('network');
  });

  it('reports a refused connection as network', async () => {
    await fake.close();
    expect(failureOf(await complete(undefined)).kind).toBe('network');
    fake = await LLM_FAKES[c.provider]();
  });
});

describe('loadProvider', () => {
  it('gives llama.cpp a placeholder key when none is configured', async () => {
    const fake = await LLM_FAKES.llamacpp();
    const provider = await loadProvider('llamacpp', { baseUrl: fake.baseUrl });
    fake.script(textReply('local'));
    const result = await provider.complete({
      model: model('llamacpp/local'),
      system: SYSTEM,
      messages: [{ role: 'user', content: 'hi' }],
      maxOutputTokens: 16,
      timeoutMs: 5_000,
    });
    await fake.close();
    expect(result.ok).toBe(true);
    expect(fake.calls()[0]?.apiKey).toBe('sk-no-key');
  });

  it('rejects CLI providers and missing configuration without echoing a key', async () => {
    await expect(loadProvider('codex', {})).rejects.toThrow(/CLI/);
    await expect(loadProvider('llamacpp', { apiKey: KEY })).rejects.toThrow(/base URL/);
    await expect(loadProvider('anthropic', {})).rejects.toThrow(/API key/);
  });

  it('loads no SDK when the index is imported, only the one a provider needs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kev-providers-'));
    const trace = join(dir, 'resolved.txt');
    const hook = `import { appendFileSync } from 'node:fs';
      export async function resolve(specifier, context, next) {
        appendFileSync(${JSON.stringify(trace)}, specifier + '\\n');
        return next(specifier, context);
      }`;
    const register = `import { register } from 'node:module';
      register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
    const index = pathToFileURL(join(import.meta.dirname, '../src/agents/providers/index.ts')).href;
    const script = `import { appendFileSync } from 'node:fs';
      const providers = await import(${JSON.stringify(index)});
      appendFileSync(${JSON.stringify(trace)}, '--- index loaded ---\\n');
      await providers.loadProvider('openai', { apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' });`;
    await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        `data:text/javascript,${encodeURIComponent(register)}`,
        '--input-type=module',
        '-e',
        script,
      ],
      { cwd: join(import.meta.dirname, '..') },
    );
    const lines = readFileSync(trace, 'utf8').split('\n');
    rmSync(dir, { recursive: true });
    const marker = lines.indexOf('--- index loaded ---');
    const sdks = (specifiers: string[]) => [
      ...new Set(
        specifiers
          .map((s) => /^(openai|@anthropic-ai\/sdk|@google\/genai)(\/|$)/.exec(s)?.[1])
          .filter(Boolean),
      ),
    ];
    expect(marker).toBeGreaterThan(0);
    expect(sdks(lines.slice(0, marker))).toEqual([]);
    expect(sdks(lines.slice(marker))).toEqual(['openai']);
  });
});

describe('failure classifier', () => {
  it('reads retry-after as an HTTP date and a Google RetryInfo delay', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, '', now)).toBe(30_000);
    expect(parseRetryAfterMs(new Headers(), '{"retryDelay": "2.5s"}')).toBe(2500);
    expect(parseRetryAfterMs(new Headers())).toBeUndefined();
  });

  it("treats Gemini's 400 API_KEY_INVALID as auth", () => {
    expect(classifyStatus(400, '{"reason": "API_KEY_INVALID"}')).toBe('auth');
    expect(classifyStatus(400, 'The maximum context length is 8192 tokens')).toBe('context_too_long');
  });

  it('redacts known secrets and key-shaped strings', () => {
    expect(redact('bad key sk-abcdefgh123 and hunter2hunter2', ['hunter2hunter2'])).toBe(
      'bad key [redacted] and [redacted]',
    );
  });
});

describe('fakes beyond what the adapters use', () => {
  it('the OpenAI fake answers a non-streamed completion', async () => {
    const fake = await LLM_FAKES.openai();
    fake.script(textReply('plain', { inputTokens: 5, outputTokens: 2 }));
    const client = new OpenAI({ apiKey: KEY, baseURL: fake.baseUrl, maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
    });
    await fake.close();
    expect(answer.choices[0]?.message.content).toBe('plain');
    expect(answer.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 2 });
  });

  it('the Gemini fake answers streamGenerateContent over SSE', async () => {
    const fake = await LLM_FAKES.gemini();
    fake.script(jsonReply({ a: 1 }, { inputTokens: 5, outputTokens: 2 }));
    const ai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: fake.baseUrl } });
    const chunks = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'x' });
    let text = '';
    for await (const chunk of chunks) text += chunk.text ?? '';
    await fake.close();
    expect(JSON.parse(text)).toEqual({ a: 1 });
    expect(fake.calls()[0]?.streamed).toBe(true);
  });
});
