// Revise builds on the draft: the revision's prompt carries the previous result and the owner's
// notes; a draft too long for the model's context is cut, and the prompt says so.

import { afterEach, describe, expect, it } from 'vitest';
import { createExecutors } from '../src/agents/index.js';
import { readConfig } from '../src/config/config.js';
import { DEFAULT_POLICY, mergePolicy, type Policy } from '../src/router/policy.js';
import { type FakeServer, startOpenAiFake, textReply } from './fakes/llm/index.js';
import { testDispatcher } from './helpers/dispatcher.js';
import { type KevHarness, kevHarness } from './helpers/kev.js';

let h: KevHarness | undefined;
let cerebras: FakeServer | undefined;
afterEach(async () => {
  h?.cleanup();
  await cerebras?.close();
});

async function runOnce(harness: KevHarness, server: FakeServer, policy: Policy): Promise<void> {
  const config = readConfig({ CEREBRAS_API_KEY: 'csk-test-key', CEREBRAS_BASE_URL: server.baseUrl });
  const dispatcher = testDispatcher({
    store: harness.store,
    policy,
    configured: new Set(['cerebras']),
    executors: createExecutors(config),
    dataDir: harness.dir,
    maxOutputTokens: 500,
  });
  dispatcher.start();
  await dispatcher.idle();
  await dispatcher.stop(0);
}

describe('revise', () => {
  it('sends the previous draft and the notes to the model', async () => {
    h = kevHarness();
    cerebras = await startOpenAiFake();
    const draft = '## Findings\n1. Qdrant\n2. Weaviate\n3. pgvector';
    cerebras.script(textReply(draft), textReply('Qdrant and pgvector.'));
    await h.say('/task research the best vector databases');
    await runOnce(h, cerebras, DEFAULT_POLICY);
    expect(h.store.tasks.get(1)?.state).toBe('review');
    await h.say('/revise 1 only the top two');
    await runOnce(h, cerebras, DEFAULT_POLICY);
    const first = cerebras.calls()[0]?.turns[0]?.text ?? '';
    const second = cerebras.calls()[1]?.turns[0]?.text ?? '';
    expect(first).not.toContain('<previous-draft>');
    expect(second).toContain(`<previous-draft>\n${draft}\n</previous-draft>`);
    expect(second).toContain('only the top two');
    expect(second).not.toContain('The draft is cut');
    expect(h.store.tasks.get(1)?.result).toBe('Qdrant and pgvector.');
  });

  it('cuts a draft that does not fit the model, and says so', async () => {
    h = kevHarness();
    cerebras = await startOpenAiFake();
    const small = mergePolicy(DEFAULT_POLICY, {
      catalogue: {
        'cerebras/gpt-oss-120b': {
          ...DEFAULT_POLICY.catalogue['cerebras/gpt-oss-120b']!,
          contextTokens: 3000,
        },
      },
    });
    const long = 'x'.repeat(40_000);
    cerebras.script(textReply(long), textReply('short'));
    await h.say('/task research the best vector databases');
    await runOnce(h, cerebras, small);
    await h.say('/revise 1 shorter please');
    await runOnce(h, cerebras, small);
    const second = cerebras.calls()[1]?.turns[0]?.text ?? '';
    expect(second).toMatch(/The draft is cut here: the first \d+ of 40000 characters are shown/);
    expect(second.length).toBeLessThan(10_000);
    expect(second).toContain('shorter please');
  });
});
