// Which intent parser reads the owner's messages, chosen once for Kev and for `kev route`: the
// triage model (with the offline rules as its fallback) when an HTTP model is configured, else the rules.

import { type MeterOptions, meterTriage, providerConfigs, triageModel } from '../agents/index.js';
import type { Env } from '../config/config.js';
import type { IntentParser } from '../ports/intents.js';
import type { Policy } from '../router/policy.js';
import type { Logger } from '../shared/log.js';
import { LlmParser } from './llm-parser.js';
import { RulesParser } from './rules.js';

export interface ChosenParser {
  parser: IntentParser;
  kind: 'llm' | 'rules';
  /** The catalogue key of the model that reads messages, when one does. */
  model?: string;
}

export function chooseParser(
  env: Env,
  policy: Policy,
  options: { offline?: boolean; log?: Logger; meter?: Omit<MeterOptions, 'policy'> } = {},
): ChosenParser {
  const rules = new RulesParser(policy.routes);
  const model = options.offline ? undefined : triageModel(providerConfigs(env), policy);
  if (!model) return { parser: rules, kind: 'rules' };
  // Kev's running parser is metered (budget, ledger); a dry run (`kev route`) records nothing.
  const triage = options.meter ? meterTriage(model, { ...options.meter, policy }) : model;
  const parser = new LlmParser({
    complete: triage.complete,
    model: triage.key,
    rules,
    routes: policy.routes,
    ...(options.log ? { log: options.log } : {}),
  });
  return { parser, kind: 'llm', model: triage.key };
}
