// What `kev` answers without starting anything: `--version`, `help [command]` and
// `<command> --help`. Nothing here opens the database or loads a transport.

export const USAGE = `Usage: kev [command]

  kev start                       Run Kev (the default): terminal chat, or Telegram when configured
  kev route [--json] [--offline] "<message>"
                                  Show what Kev would do with a message; changes nothing
  kev task list [--state S] [--json]
                                  List tasks (S: backlog, ready, running, review, done, failed, cancelled, all)
  kev whatsapp login [--pairing-code] [--number N] | logout
                                  Link Kev to WhatsApp (QR code or pairing code), or unlink it
  kev doctor                      Check config, database, transports, providers and CLIs
  kev board                       Print a one-time login link to the web board (KEV_BOARD_PORT)
  kev help [command]              This text, or one command's
  kev --version                   The version

Each command takes --help; none of them starts Kev.
`;

/** One command's usage, for `kev <command> --help` and `kev help <command>`. */
export const COMMAND_USAGE: Record<string, string> = {
  start: 'Usage: kev start\n\nRuns Kev: the terminal chat, or Telegram when TELEGRAM_BOT_TOKEN is set.\n',
  route:
    'Usage: kev route [--json] [--offline] "<message>"\n\nShows what Kev would do with a message; changes nothing.\n',
  task: 'Usage: kev task list [--state S] [--json]\n\nS: backlog, ready, running, review, done, failed, cancelled, all.\n',
  whatsapp:
    'Usage: kev whatsapp login [--pairing-code] [--number N] | logout\n\nLinks Kev to WhatsApp (a QR code, or a pairing code), or unlinks it.\n',
  doctor:
    'Usage: kev doctor\n\nChecks config, routing file, database, transports, providers and CLIs; exits 1 when something is broken.\n',
  board:
    'Usage: kev board\n\nPrints a one-time login link to the web board of the running Kev (needs KEV_BOARD_PORT).\n',
  help: USAGE,
};

const HELP_FLAGS = new Set(['--help', '-h']);
const VERSION_FLAGS = new Set(['--version', '-v', '-V', 'version']);

async function printVersion(): Promise<number> {
  const { readFileSync } = await import('node:fs');
  // src/cli/kev.ts sits two folders below package.json, dist/src/cli/kev.js three.
  for (const path of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'kev') {
        process.stdout.write(`kev ${pkg.version}\n`);
        return 0;
      }
    } catch {
      // not this one; try the next
    }
  }
  process.stdout.write('kev (version unknown)\n');
  return 0;
}

/** Answers --version and --help (for kev or one command); undefined when the command should run. */
export async function answerManners(name: string, args: string[]): Promise<number | undefined> {
  if (VERSION_FLAGS.has(name)) return printVersion();
  const usage = HELP_FLAGS.has(name)
    ? USAGE
    : args.some((a) => HELP_FLAGS.has(a))
      ? COMMAND_USAGE[name]
      : undefined;
  if (name === 'help') {
    const topic = args[0];
    process.stdout.write((topic && COMMAND_USAGE[topic]) || USAGE);
    return 0;
  }
  if (usage === undefined) return undefined;
  process.stdout.write(usage);
  return 0;
}
