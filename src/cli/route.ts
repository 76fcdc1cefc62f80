// The dry run behind `kev route`: what Kev would do with a message (intent, tasks, agents, model
// ladders, estimated cost, whether it would ask to confirm and why) with whichever parser is active.
// It never opens the database, so it changes nothing; a conversation context is given only by the
// intent evaluation (references like "approve it").

import { parseArgs } from 'node:util';
import { triageFor } from '../agents/index.js';
import { configuredProviders, loadEnv, readConfig } from '../config/config.js';
import { loadPolicy } from '../config/policy-file.js';
import { chooseParser } from '../intents/choose-parser.js';
import { draftTask } from '../intents/draft.js';
import { LlmParser } from '../intents/llm-parser.js';
import { confirmation } from '../kev/actions/new-tasks.js';
import { parseCommand } from '../kev/commands.js';
import type { Intent, ParseContext } from '../ports/intents.js';
import { formatUsd } from '../router/catalogue.js';
import { microsToUsd, usdToMicros } from '../router/money.js';
import { planLadder, type Rung } from '../router/policy.js';
import type { Command } from './command.js';

export interface RoutedTask {
  title: string;
  type: string;
  agent: string;
  /** Catalogue keys in the order the router would try them. */
  ladder: string[];
  rungs: Rung[];
  /** "ready", or "backlog" when Kev would ask to confirm first. */
  state: 'ready' | 'backlog';
  confirm: boolean;
  /** Why Kev would ask first: a consequence, the cost, or instructions the message relays. */
  why?: string;
  /** Worst-case cost of the first call, in USD; null when no rung has a price. */
  estimatedCostUsd: number | null;
  /** The catalogue key the estimate is priced on. */
  estimateModel?: string;
}

export interface RouteResult {
  message: string;
  /** The active parser: the triage model ('llm') or the offline rules. */
  parser: 'llm' | 'rules';
  /** The model that read the message, when the llm parser is active. */
  model?: string;
  /** Why the rules answered although the llm parser is active. */
  fallback?: string;
  intent: Intent['kind'];
  taskId?: number;
  tasks: RoutedTask[];
  detail: Intent;
}

export async function routeMessage(
  message: string,
  options: { offline?: boolean; context?: ParseContext } = {},
): Promise<RouteResult> {
  const context = options.context ?? {};
  const config = readConfig(loadEnv());
  const policy = loadPolicy(config.configFile);
  const configured = configuredProviders(config);
  const triage = options.offline ? undefined : triageFor(config.providers, policy);
  const chosen = chooseParser(policy, { triage });
  const command = parseCommand(message);
  let intent: Intent;
  let fallback: string | undefined;
  if (command?.row) {
    // A dry run opens no database: "stop" is shown as the status it would look at.
    const parsed = command.row.parse(command.args, {
      draft: (t) => draftTask(policy, t),
      stop: () => ({ kind: 'status' }),
    });
    intent =
      typeof parsed === 'string'
        ? { kind: 'help' }
        : Array.isArray(parsed)
          ? (parsed[0] ?? { kind: 'help' })
          : parsed;
  } else if (chosen.parser instanceof LlmParser) {
    const outcome = await chosen.parser.read(message, context);
    intent = outcome.intent;
    fallback = outcome.fallback;
  } else {
    intent = await chosen.parser.parse(message, context);
  }
  const tasks =
    intent.kind === 'new_task'
      ? intent.tasks.map((draft): RoutedTask => {
          const rungs = planLadder(policy, draft.type, configured);
          const { why, estimate } = confirmation(draft, policy, configured, config.confirmAboveUsd);
          return {
            title: draft.title,
            type: draft.type,
            agent: draft.agent,
            ladder: rungs.map((r) => r.key),
            rungs,
            state: why ? 'backlog' : 'ready',
            confirm: why !== undefined,
            ...(why ? { why } : {}),
            estimatedCostUsd: estimate ? microsToUsd(estimate.micros) : null,
            ...(estimate ? { estimateModel: estimate.key } : {}),
          };
        })
      : [];
  const taskId = 'taskId' in intent ? intent.taskId : undefined;
  return {
    message,
    parser: chosen.kind,
    ...(chosen.model ? { model: chosen.model } : {}),
    ...(fallback ? { fallback } : {}),
    intent: intent.kind,
    ...(taskId !== undefined ? { taskId } : {}),
    tasks,
    detail: intent,
  };
}

export function renderRoute(result: RouteResult): string {
  const parser = result.model ? `${result.parser}, ${result.model}` : result.parser;
  const lines = [
    `Intent: ${result.intent}${result.taskId !== undefined ? ` #${result.taskId}` : ''} (parser: ${parser})`,
  ];
  if (result.fallback) lines.push(`The offline rules answered: ${result.fallback}`);
  for (const task of result.tasks) {
    const cost =
      task.estimatedCostUsd === null
        ? 'cost unknown'
        : `up to ${formatUsd(usdToMicros(task.estimatedCostUsd))} on ${task.estimateModel}`;
    lines.push(
      `Task: ${task.title}`,
      `  type ${task.type} · agent ${task.agent} · first call ${cost}`,
      `  ${task.confirm ? `would ask to confirm: it ${task.why}` : 'straight to ready'}`,
      `  models: ${task.rungs.map((r) => (r.skipped ? `${r.key} (skipped: ${r.skipped})` : r.key)).join(' → ')}`,
    );
  }
  return lines.join('\n');
}

/** `kev route [--json] [--offline] "<message>"`: a dry run of one message. */
export const routeCommand: Command = async (args) => {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, offline: { type: 'boolean' } },
    allowPositionals: true,
  });
  const message = positionals.join(' ');
  if (!message.trim()) {
    process.stderr.write(
      'kev route needs a message, like: kev route --json "research the best vector databases"\n',
    );
    return 2;
  }
  const result = await routeMessage(message, { offline: values.offline === true });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderRoute(result)}\n`);
  return 0;
};
