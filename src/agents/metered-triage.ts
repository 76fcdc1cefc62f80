// Kev's own model calls (reading a message, answering a question) are money too: each one is
// checked against the day's budget before it is made and recorded in the ledger as agent Kev,
// with no task. A call the budget cannot cover is not made; the parser then falls back to the rules.

import type { Store } from '../db/index.js';
import { checkBudget, estimateCallMicros } from '../router/budget.js';
import { ZERO_USAGE } from '../router/catalogue.js';
import { usdToMicros } from '../router/money.js';
import type { Policy } from '../router/policy.js';
import type { TriageModel } from './triage-model.js';

export interface MeterOptions {
  store: Store;
  policy: Policy;
  dailyBudgetUsd: number;
  /** Epoch ms of the start of the owner's day containing `at`. */
  dayStart(at: number): number;
  clock?: () => number;
}

export function meterTriage(model: TriageModel, options: MeterOptions): TriageModel {
  const { store, policy } = options;
  const entry = policy.catalogue[model.key];
  const clock = options.clock ?? Date.now;
  return {
    key: model.key,
    async complete(request) {
      const chars = request.system.length + request.messages.reduce((n, m) => n + m.content.length, 0);
      const estimate = entry ? estimateCallMicros(entry, chars, request.maxOutputTokens) : 0;
      const verdict = checkBudget(
        {
          spentTodayMicros: store.ledger.spendSince(options.dayStart(clock())),
          spentTaskMicros: 0,
          dailyCapMicros: usdToMicros(options.dailyBudgetUsd),
          taskCapMicros: Number.POSITIVE_INFINITY,
        },
        estimate,
      );
      if (!verdict.ok) {
        return {
          ok: false,
          failure: { kind: 'aborted', message: `budget: ${verdict.message}` },
          usage: { ...ZERO_USAGE },
          costMicros: 0,
        };
      }
      const run = store.ledger.start({
        taskId: null,
        attempt: 0,
        agent: 'Kev',
        provider: entry?.provider ?? 'unknown',
        model: model.key,
      });
      const result = await model.complete(request);
      store.ledger.finish(run.id, {
        outcome: result.ok ? 'ok' : result.failure.kind,
        ...(result.ok ? {} : { error: result.failure.message }),
        ...result.usage,
        costMicros: result.costMicros,
      });
      return result;
    },
  };
}
