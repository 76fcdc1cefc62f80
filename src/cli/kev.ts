#!/usr/bin/env -S node --optimize-for-size
// The `kev` command: start (the default), route (a dry run of one message), task list, doctor, board.
// Each subcommand lives in its own file and is loaded only when called, so `kev route` never opens
// the database. The shebang's --optimize-for-size keeps V8's young generation at 1 MB a half and
// grows the old one only as far as the live heap needs: RSS stays flat through a day's traffic, at
// no measured CPU cost (README, Performance).

import module from 'node:module';
import type { Command } from './command.js';

// Node 22+ caches compiled modules between runs (a no-op on Node 20). Nothing is imported
// statically above this line but Node's own modules, so every module of Kev benefits.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/** Subcommand → its loader; adding a subcommand is adding a row and a file. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start.js')).startCommand,
  route: async () => (await import('./route.js')).routeCommand,
  task: async () => (await import('./task.js')).taskCommand,
  doctor: async () => (await import('./doctor.js')).doctorCommand,
  whatsapp: async () => (await import('./whatsapp.js')).whatsappCommand,
  board: async () => (await import('./board.js')).boardCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name = 'start', ...args] = argv;
  const { answerManners, USAGE } = await import('./manners.js');
  const answered = await answerManners(name, args);
  if (answered !== undefined) return answered;
  const load = COMMANDS[name];
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
