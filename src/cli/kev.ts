#!/usr/bin/env node
// The `kev` command: start (the default), route (a dry run of one message), task list, doctor, board.
// Each subcommand lives in its own file and is loaded only when called, so `kev route` never opens
// the database.

import module from 'node:module';
import type { Command } from './command.js';

// Node 22+ caches compiled modules between runs (a no-op on Node 20). Nothing is imported
// statically above this line but Node's own modules, so every module of Kev benefits.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const USAGE = `Usage: kev [command]

  kev start                       Run Kev (the default): terminal chat, or Telegram when configured
  kev route [--json] [--offline] "<message>"
                                  Show what Kev would do with a message; changes nothing
  kev task list [--state S] [--json]
                                  List tasks (S: backlog, ready, running, review, done, failed, all)
  kev whatsapp login [--pairing-code] | logout
                                  Link Kev to WhatsApp (QR code or pairing code), or unlink it
  kev doctor                      Check config, database, transports, providers and CLIs
  kev board                       Print a one-time login link to the web board (KEV_BOARD_PORT)
  kev help                        This text
`;

const help: Command = async () => {
  process.stdout.write(USAGE);
  return 0;
};

/** Subcommand → its loader; adding a subcommand is adding a row and a file. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start.js')).startCommand,
  route: async () => (await import('./route.js')).routeCommand,
  task: async () => (await import('./task.js')).taskCommand,
  doctor: async () => (await import('./doctor.js')).doctorCommand,
  whatsapp: async () => (await import('./whatsapp.js')).whatsappCommand,
  board: async () => (await import('./board.js')).boardCommand,
  help: async () => help,
};

async function main(argv: string[]): Promise<number> {
  const [name = 'start', ...args] = argv;
  const load = COMMANDS[name] ?? (name === '--help' || name === '-h' ? COMMANDS.help : undefined);
  if (!load) {
    process.stderr.write(`kev: unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  return (await load())(args);
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
