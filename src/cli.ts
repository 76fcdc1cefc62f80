#!/usr/bin/env node
// The `kev` command: start (the default), route (a dry run of one message), task list, doctor.
// Each subcommand loads only what it needs, so `kev route` never opens the database.

import module from 'node:module';
import { parseArgs } from 'node:util';

// Node 22+ caches compiled modules between runs (a no-op on Node 20). Nothing is imported
// statically above this line but Node's own modules, so every module of Kev benefits.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const USAGE = `Usage: kev [command]

  kev start                       Run Kev (the default): terminal chat, or Telegram when configured
  kev route [--json] [--offline] "<message>"
                                  Show what Kev would do with a message; changes nothing
  kev task list [--state S] [--json]
                                  List tasks (S: backlog, ready, running, review, done, failed, all)
  kev doctor                      Check config, database, transports, providers and CLIs
  kev help                        This text
`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  start: async () => {
    const { run } = await import('./main.js');
    const running = await run({ signals: true });
    await running.done;
    return 0;
  },
  route: async (args) => {
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
    const { routeMessage, renderRoute } = await import('./route.js');
    const result = await routeMessage(message, { offline: values.offline === true });
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderRoute(result)}\n`);
    return 0;
  },
  task: async (args) => {
    const [sub, ...rest] = args;
    if (sub !== 'list') {
      process.stderr.write('Usage: kev task list [--state S] [--json]\n');
      return 2;
    }
    const { values } = parseArgs({
      args: rest,
      options: { state: { type: 'string' }, json: { type: 'boolean' } },
    });
    const { listTasks } = await import('./task-list.js');
    return listTasks({ state: values.state, json: values.json === true });
  },
  doctor: async () => {
    const { doctor } = await import('./doctor.js');
    return doctor();
  },
  help: async () => {
    process.stdout.write(USAGE);
    return 0;
  },
};

async function main(argv: string[]): Promise<number> {
  const [name = 'start', ...args] = argv;
  const command = COMMANDS[name] ?? (name === '--help' || name === '-h' ? COMMANDS.help : undefined);
  if (!command) {
    process.stderr.write(`kev: unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A ConfigError's message is already the one sentence to show; so is any other error's.
    process.stderr.write(`kev: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
