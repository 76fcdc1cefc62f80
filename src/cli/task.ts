// `kev task list`: the queue from the command line, as lines or JSON.

import { parseArgs } from 'node:util';
import { loadEnv, readConfig } from '../config/config.js';
import { openStore, TASK_STATES, type TaskState } from '../db/index.js';
import { taskLine } from '../kev/format.js';
import type { Command } from './command.js';

const ALIASES: Record<string, TaskState[]> = { running: ['in_progress'], all: [...TASK_STATES] };

export function listTasks(options: { state?: string | undefined; json: boolean }): number {
  const config = readConfig(loadEnv());
  let states: TaskState[] | undefined;
  if (options.state) {
    states =
      ALIASES[options.state] ??
      (TASK_STATES.includes(options.state as TaskState) ? [options.state as TaskState] : undefined);
    if (!states) {
      process.stderr.write(
        `kev: "${options.state}" is not a state (backlog, ready, running, review, done, failed, cancelled, all).\n`,
      );
      return 2;
    }
  }
  const store = openStore(config.dbFile);
  try {
    const tasks = store.tasks.list(states ? { states } : {});
    if (options.json) process.stdout.write(`${JSON.stringify(tasks, null, 2)}\n`);
    else process.stdout.write(tasks.length ? `${tasks.map(taskLine).join('\n')}\n` : 'No tasks.\n');
    return 0;
  } finally {
    store.close();
  }
}

/** `kev task list [--state S] [--json]`. */
export const taskCommand: Command = async (args) => {
  const [sub, ...rest] = args;
  if (sub !== 'list') {
    process.stderr.write('Usage: kev task list [--state S] [--json]\n');
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { state: { type: 'string' }, json: { type: 'boolean' } },
  });
  return listTasks({ state: values.state, json: values.json === true });
};
