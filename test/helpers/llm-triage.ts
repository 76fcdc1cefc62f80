// An LlmParser wired to a fake LLM server through the real SDK (triageModel → loadProvider), and the
// builders for the flat answers the model gives.

import { triageModel } from '../../src/agents/index.js';
import type { LlmProviderName } from '../../src/agents/providers/types.js';
import { LlmParser } from '../../src/intents/llm-parser.js';
import { RulesParser } from '../../src/intents/rules.js';
import { DEFAULT_POLICY } from '../../src/router/policy.js';
import { silentLogger } from '../../src/shared/log.js';
import { type FakeServer, LLM_FAKES } from '../fakes/llm/index.js';

export const KEY = 'sk-test-triage-0123456789';

export interface FakeTriage {
  fake: FakeServer;
  parser: LlmParser;
  model: string;
}

export async function fakeTriage(provider: LlmProviderName = 'cerebras'): Promise<FakeTriage> {
  const fake = await LLM_FAKES[provider]();
  const triage = triageModel({ [provider]: { apiKey: KEY, baseUrl: fake.baseUrl } }, DEFAULT_POLICY);
  if (!triage) throw new Error(`no triage model for ${provider}`);
  const parser = new LlmParser({
    complete: triage.complete,
    model: triage.key,
    rules: new RulesParser(DEFAULT_POLICY.routes),
    routes: DEFAULT_POLICY.routes,
    log: silentLogger,
    timeoutMs: 10_000,
  });
  return { fake, parser, model: triage.key };
}

const NONE = { tasks: null, taskId: null, text: null, memoryId: null, options: null };

/** The model's flat answer: a kind and the fields it fills, the rest null. */
export function answer(kind: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind, ...NONE, ...fields };
}

export function task(title: string, type: string, agent: string, instruction = title) {
  return { title, instruction, type, agent };
}
