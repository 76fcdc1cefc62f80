import { describe, expect, it } from 'vitest';
import { checkBudget, estimateCallMicros } from '../src/router/budget.js';
import { costMicros, DEFAULT_CATALOGUE, type Provider } from '../src/router/catalogue.js';
import { decide, planRoute } from '../src/router/ladder.js';
import { DEFAULT_POLICY, mergePolicy } from '../src/router/policy.js';
import { TASK_TYPES } from '../src/router/task-types.js';

const all = new Set<Provider>([
  'anthropic',
  'openai',
  'cerebras',
  'gemini',
  'llamacpp',
  'claude_code',
  'codex',
]);

describe('routing table', () => {
  it('maps every task type to a known agent and known models', () => {
    const names = new Set(DEFAULT_POLICY.roster.map((a) => a.name));
    // Kev the orchestrator and the 14 workers the owner's brief names.
    expect(names.size).toBe(15);
    for (const type of TASK_TYPES) {
      const route = DEFAULT_POLICY.routes[type];
      expect(names.has(route.agent)).toBe(true);
      for (const key of route.ladder) expect(DEFAULT_CATALOGUE[key]).toBeDefined();
    }
    for (const agent of DEFAULT_POLICY.roster) {
      expect(DEFAULT_CATALOGUE[agent.primary]).toBeDefined();
      expect(DEFAULT_CATALOGUE[agent.backup]).toBeDefined();
    }
  });

  it('follows the owner’s table for the named types', () => {
    const r = DEFAULT_POLICY.routes;
    expect(r.research).toEqual({
      agent: 'Scout',
      ladder: ['cerebras/gpt-oss-120b', 'gemini/gemini-2.5-pro'],
    });
    expect(r.code.agent).toBe('Rex');
    expect(r.code.ladder).toEqual(['claude-code/sonnet', 'claude-code/opus', 'codex/gpt-5-codex']);
    expect(r.code_batch).toEqual({ agent: 'Forge', ladder: ['codex/gpt-5-codex', 'claude-code/sonnet'] });
    expect(r.analysis.ladder).toEqual(['gemini/gemini-2.5-pro', 'anthropic/claude-opus-5-5']);
    expect(r.legal_review).toEqual({ agent: 'Law', ladder: ['anthropic/claude-opus-5-5'] });
    expect(r.local).toEqual({ agent: 'Glim', ladder: ['llamacpp/local'] });
  });

  it('lets overrides replace a route and an agent’s models', () => {
    const policy = mergePolicy(DEFAULT_POLICY, {
      routes: { research: { ladder: ['gemini/gemini-2.5-flash'] } },
      roster: [{ name: 'scout', backup: 'openai/gpt-5-mini' }],
    });
    expect(policy.routes.research).toEqual({ agent: 'Scout', ladder: ['gemini/gemini-2.5-flash'] });
    expect(policy.roster.find((a) => a.name === 'Scout')?.backup).toBe('openai/gpt-5-mini');
  });
});

describe('cost pyramid', () => {
  it('starts at the cheapest configured rung and says why others are skipped', () => {
    const plan = planRoute(DEFAULT_POLICY, 'research', 'Scout', new Set(['gemini']));
    expect(plan.rungs[0]).toMatchObject({
      key: 'cerebras/gpt-oss-120b',
      skipped: 'cerebras is not configured',
    });
    expect(decide(plan, [])).toMatchObject({
      kind: 'call',
      rung: { key: 'gemini/gemini-2.5-pro' },
      why: 'cheapest',
    });
  });

  it('fails over to the backup on a provider error, then climbs', () => {
    const plan = planRoute(DEFAULT_POLICY, 'content', 'Echo', all);
    expect(decide(plan, [])).toMatchObject({ rung: { key: 'cerebras/gpt-oss-120b' } });
    const failover = decide(plan, [{ key: 'cerebras/gpt-oss-120b', ok: false, failure: 'provider' }]);
    expect(failover).toMatchObject({
      kind: 'call',
      rung: { key: 'anthropic/claude-sonnet-5-5' },
      why: 'failover',
    });
  });

  it('climbs one rung on a failed quality check', () => {
    const plan = planRoute(DEFAULT_POLICY, 'research', 'Scout', all);
    const next = decide(plan, [{ key: 'cerebras/gpt-oss-120b', ok: false, failure: 'quality' }]);
    expect(next).toMatchObject({ kind: 'call', rung: { key: 'gemini/gemini-2.5-pro' }, why: 'escalate' });
  });

  it('climbs after a failover that also failed, and gives up at the top', () => {
    const plan = planRoute(DEFAULT_POLICY, 'code', 'Rex', all);
    const history = [
      { key: 'claude-code/sonnet', ok: false, failure: 'provider' as const },
      { key: 'codex/gpt-5-codex', ok: false, failure: 'provider' as const, failover: true },
    ];
    // Rex's backup is Codex, which is also the top rung: after it fails, the next untried rung is Opus.
    expect(decide(plan, history)).toMatchObject({ kind: 'call', rung: { key: 'claude-code/opus' } });
    const done = decide(plan, [...history, { key: 'claude-code/opus', ok: false, failure: 'quality' }]);
    expect(done.kind).toBe('give_up');
  });

  it('gives up with a reason when nothing on the ladder is configured', () => {
    const plan = planRoute(DEFAULT_POLICY, 'legal_review', 'Law', new Set());
    expect(decide(plan, [])).toMatchObject({
      kind: 'give_up',
      reason: expect.stringContaining('anthropic is not configured'),
    });
  });
});

describe('budget', () => {
  const entry = DEFAULT_CATALOGUE['anthropic/claude-sonnet-5-5']!;

  it('prices usage to the micro-dollar, cached input at the cached rate', () => {
    expect(costMicros(entry, { inputTokens: 1000, outputTokens: 500, cachedTokens: 200 })).toBe(
      800 * 3 + 200 * 0.3 + 500 * 15,
    );
  });

  it('estimates the worst case from input size and maximum output', () => {
    expect(estimateCallMicros(entry, 4000, 1000)).toBe(1000 * 3 + 1000 * 15);
  });

  it('stops a call that could pass the daily budget or the task cap', () => {
    const state = {
      spentTodayMicros: 4_990_000,
      spentTaskMicros: 0,
      dailyCapMicros: 5_000_000,
      taskCapMicros: 1_000_000,
    };
    expect(checkBudget(state, 5_000)).toEqual({ ok: true });
    expect(checkBudget(state, 20_000)).toMatchObject({ ok: false, limit: 'daily' });
    expect(checkBudget({ ...state, spentTodayMicros: 0, spentTaskMicros: 990_000 }, 20_000)).toMatchObject({
      ok: false,
      limit: 'task',
    });
  });
});

describe('money formatting', () => {
  it.each([
    [0, '$0.00'],
    [1450, '$0.00145'],
    [10_000, '$0.01'],
    [1_234_567, '$1.23'],
    [5_000_000, '$5.00'],
  ])('formats %i micro-USD as %s', async (micros, text) => {
    const { formatUsd } = await import('../src/router/catalogue.js');
    expect(formatUsd(micros)).toBe(text);
  });
});
