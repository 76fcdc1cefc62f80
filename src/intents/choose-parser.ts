// Which intent parser reads the owner's messages, chosen once for Kev and for `kev route`: the
// triage model (with the offline rules as its fallback) when the root hands one over, else the rules.
// The model call arrives as a port (built in src/agents), so reading messages never loads an SDK here.

import type { IntentParser } from '../ports/intents.js';
import type { Policy } from '../router/policy.js';
import type { Logger } from '../shared/log.js';
import type { ModelCall } from './llm-parser/model-call.js';
import { LlmParser } from './llm-parser.js';
import { RulesParser } from './rules.js';

export interface ChosenParser {
  parser: IntentParser;
  kind: 'llm' | 'rules';
  /** The catalogue key of the model that reads messages, when one does. */
  model?: string;
}

/** The model that reads messages: its catalogue key and its call (metered or not, the root decides). */
export interface TriageCall {
  key: string;
  complete: ModelCall;
}

export function chooseParser(
  policy: Policy,
  options: { triage?: TriageCall | undefined; log?: Logger } = {},
): ChosenParser {
  const rules = new RulesParser(policy.routes);
  const { triage } = options;
  if (!triage) return { parser: rules, kind: 'rules' };
  const parser = new LlmParser({
    complete: triage.complete,
    model: triage.key,
    rules,
    routes: policy.routes,
    ...(options.log ? { log: options.log } : {}),
  });
  return { parser, kind: 'llm', model: triage.key };
}
