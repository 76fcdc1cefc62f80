import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meterTriage, providerConfigs, triageModel } from '../src/agents/index.js';
import { readConfig } from '../src/config/config.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { type FakeServer, startOpenAiFake, textReply } from './fakes/llm/index.js';
import { type TempStore, tempStore } from './helpers/store.js';

let t: TempStore;
let fake: FakeServer;
beforeEach(async () => {
  t = tempStore();
  fake = await startOpenAiFake();
});
afterEach(async () => {
  await fake.close();
  t.cleanup();
});

function metered(dailyBudgetUsd: number) {
  const { providers } = readConfig({ CEREBRAS_API_KEY: 'csk-test', CEREBRAS_BASE_URL: fake.baseUrl });
  const model = triageModel(providerConfigs(providers), DEFAULT_POLICY)!;
  return meterTriage(model, { store: t.store, policy: DEFAULT_POLICY, dailyBudgetUsd, dayStart: () => 0 });
}

const request = {
  system: 'Read the message.',
  messages: [{ role: 'user' as const, content: 'research vector databases' }],
  maxOutputTokens: 512,
  timeoutMs: 5000,
};

describe("Kev's own model calls", () => {
  it('are recorded in the ledger as agent Kev, with no task, and counted in the day’s spend', async () => {
    fake.script(textReply('{"kind":"status"}', { inputTokens: 1000, outputTokens: 100 }));
    const result = await metered(5).complete(request);
    expect(result.ok).toBe(true);
    const [run] = t.store.ledger.recent();
    expect(run).toMatchObject({
      taskId: null,
      agent: 'Kev',
      model: 'cerebras/gpt-oss-120b',
      outcome: 'ok',
      costMicros: 425,
    });
    expect(t.store.ledger.spendSince(0)).toBe(425);
    expect(t.store.ledger.breakdown(0, 'agent')).toEqual([{ key: 'Kev', costMicros: 425, runs: 1 }]);
  });

  it('are not made when the day’s budget could not cover them: the server sees nothing', async () => {
    const result = await metered(0.0001).complete(request);
    expect(result).toMatchObject({
      ok: false,
      failure: { kind: 'aborted', message: expect.stringMatching(/^budget: /) },
    });
    expect(fake.requests).toHaveLength(0);
    expect(t.store.ledger.recent()).toEqual([]);
  });
});
