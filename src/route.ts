// The dry run behind `kev route`: what Kev would do with a message (intent, tasks, agents, model
// ladders, whether it would ask to confirm) without touching the database or any model.

import { configuredProviders, loadEnv, readConfig } from './config.js';
import { consequence } from './kev/actions/new-tasks.js';
import { parseCommand } from './kev/commands.js';
import { draftTask } from './kev/draft.js';
import type { Intent } from './kev/intents.js';
import { RulesParser } from './kev/rules.js';
import { loadPolicy } from './policy-file.js';
import { planLadder, type Rung } from './router/policy.js';

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
  consequence?: string;
}

export interface RouteResult {
  message: string;
  parser: string;
  intent: Intent['kind'];
  taskId?: number;
  tasks: RoutedTask[];
  detail: Intent;
}

export async function routeMessage(
  message: string,
  options: { offline?: boolean } = {},
): Promise<RouteResult> {
  const config = readConfig(loadEnv());
  const policy = loadPolicy(config.configFile);
  const configured = configuredProviders(config);
  const parser = new RulesParser(policy.routes);
  const command = parseCommand(message);
  let intent: Intent;
  if (command?.row) {
    const parsed = command.row.parse(command.args, { draft: (t) => draftTask(policy, t) });
    intent = typeof parsed === 'string' ? { kind: 'help' } : parsed;
  } else {
    intent = await parser.parse(message, {});
  }
  void options.offline;
  const tasks =
    intent.kind === 'new_task'
      ? intent.tasks.map((draft): RoutedTask => {
          const rungs = planLadder(policy, draft.type, configured);
          const why = consequence(draft.body || draft.title);
          return {
            title: draft.title,
            type: draft.type,
            agent: draft.agent,
            ladder: rungs.map((r) => r.key),
            rungs,
            state: why ? 'backlog' : 'ready',
            confirm: why !== undefined,
            ...(why ? { consequence: why } : {}),
          };
        })
      : [];
  const taskId = 'taskId' in intent ? intent.taskId : undefined;
  return {
    message,
    parser: parser.name,
    intent: intent.kind,
    ...(taskId !== undefined ? { taskId } : {}),
    tasks,
    detail: intent,
  };
}

export function renderRoute(result: RouteResult): string {
  const lines = [
    `Intent: ${result.intent}${result.taskId !== undefined ? ` #${result.taskId}` : ''} (parser: ${result.parser})`,
  ];
  for (const task of result.tasks) {
    lines.push(
      `Task: ${task.title}`,
      `  type ${task.type} · agent ${task.agent} · ${task.confirm ? `would ask to confirm (${task.consequence})` : 'straight to ready'}`,
      `  models: ${task.rungs.map((r) => (r.skipped ? `${r.key} (skipped: ${r.skipped})` : r.key)).join(' → ')}`,
    );
  }
  return lines.join('\n');
}
