// The slash commands, one row each. `/help`, the Telegram command menu and argument checking all
// come from this table; a command only turns its arguments into an Intent.

import type { Intent, TaskDraft } from '../ports/intents.js';
import { closest } from '../shared/did-you-mean.js';

/** What a command may use to build its intent. */
export interface CommandTools {
  /** Turns free text into a task draft (type and agent from the parser's classifier). */
  draft(text: string): TaskDraft;
  /**
   * What "stop" means now: cancel the one running task, ask which, or a sentence when none runs.
   * Without it (a dry run with no database) /stop reads as /status.
   */
  stop?(): Intent | string;
}

export interface CommandRow {
  name: string;
  args?: string;
  description: string;
  /** Other names for the same command (/tasks for /queue); not listed in /help's first column. */
  aliases?: string[];
  /** Turns the text after the command into intents (several ids: one each), or a sentence saying what is wrong. */
  parse(args: string, tools: CommandTools): Intent | Intent[] | string;
}

const ID_HELP = (name: string, rest = '') => `Use a task number, like /${name} 12${rest}.`;

/** Reads a task or memory id ("12" or "#12") from the start of the arguments. */
export function readId(args: string): { id: number; rest: string } | undefined {
  const match = /^#?(\d{1,9})\b\s*[:,-]?\s*([\s\S]*)$/.exec(args.trim());
  if (!match) return undefined;
  return { id: Number(match[1]), rest: (match[2] ?? '').trim() };
}

function withId(name: string, build: (id: number, rest: string) => Intent | string, restHelp = '') {
  return (args: string): Intent | string => {
    const trimmed = args.trim();
    if (!trimmed) return `/${name} needs a task number. ${ID_HELP(name, restHelp)}`;
    const read = readId(trimmed);
    if (!read) return `“${trimmed.split(/\s+/)[0]}” is not a task number. ${ID_HELP(name, restHelp)}`;
    return build(read.id, read.rest);
  };
}

/** Every id in "3 4", "3, 4", "#3 and #4", for the decisions that take several at once. */
function withIds(name: string, build: (id: number) => Intent) {
  return (args: string): Intent[] | string => {
    const trimmed = args.trim();
    if (!trimmed) return `/${name} needs a task number. ${ID_HELP(name)}`;
    // The ids at the start ("3 4", "3, 4", "#3 and #4"); words after them are ignored, as with one id.
    const lead = /^#?\d{1,9}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s+)#?\d{1,9})*\b/.exec(trimmed);
    if (!lead) return `“${trimmed.split(/\s+/)[0]}” is not a task number. ${ID_HELP(name)}`;
    const ids = [...new Set((lead[0].match(/\d{1,9}/g) ?? []).map(Number))];
    return ids.map(build);
  };
}

const none = (intent: Intent) => (): Intent => intent;
/** /remember and /remind: the rest of the line is the fact (or reminder); without one, the hint. */
const keep =
  (reminder: boolean, hint: string) =>
  (args: string): Intent | string => {
    const fact = args.trim();
    if (!fact) return hint;
    return reminder ? { kind: 'remember', fact, reminder } : { kind: 'remember', fact };
  };

export const COMMANDS: CommandRow[] = [
  { name: 'start', description: 'Say hello and show what Kev can do', parse: none({ kind: 'start' }) },
  { name: 'help', description: 'List the commands', parse: none({ kind: 'help' }) },
  {
    name: 'status',
    description: 'Tasks per state, what is running, today’s spend',
    parse: none({ kind: 'status' }),
  },
  {
    name: 'queue',
    aliases: ['tasks', 'list', 'ls', 'q'],
    args: '[state]',
    description: 'List tasks (backlog, ready, running, review, done, failed, cancelled, all)',
    parse: (args) => (args.trim() ? { kind: 'queue', state: args.trim().toLowerCase() } : { kind: 'queue' }),
  },
  {
    name: 'task',
    args: '<text>',
    description: 'Queue a task from the text, routed to the right agent',
    parse: (args, tools) =>
      args.trim()
        ? { kind: 'new_task', tasks: [tools.draft(args.trim())] }
        : '/task needs a description, like /task research the top 5 note-taking apps.',
  },
  {
    name: 'show',
    aliases: ['view', 'task_show'],
    args: '<id>',
    description: 'Show one task in full',
    parse: withId('show', (taskId) => ({ kind: 'show', taskId })),
  },
  {
    name: 'result',
    aliases: ['full', 'output'],
    args: '<id>',
    description: 'The whole result of a task (a file when long)',
    parse: withId('result', (taskId) => ({ kind: 'show', taskId, whole: true })),
  },
  {
    name: 'approve',
    aliases: ['confirm', 'ship'],
    args: '<id> [id…]',
    description: 'Approve tasks in review (or confirm ones in backlog)',
    parse: withIds('approve', (taskId) => ({ kind: 'approve', taskId })),
  },
  {
    name: 'reject',
    args: '<id> [reason]',
    description: 'Reject a task in review',
    parse: withId('reject', (taskId, reason) =>
      reason ? { kind: 'reject', taskId, reason } : { kind: 'reject', taskId },
    ),
  },
  {
    name: 'revise',
    args: '<id> <notes>',
    description: 'Send a task back with notes',
    parse: withId(
      'revise',
      (taskId, notes) => (notes ? { kind: 'revise', taskId, notes } : { kind: 'revise', taskId }),
      ' make it shorter',
    ),
  },
  {
    name: 'cancel',
    aliases: ['kill', 'abort'],
    args: '<id> [id…]',
    description: 'Cancel tasks',
    parse: (args, tools) =>
      args.trim()
        ? withIds('cancel', (taskId) => ({ kind: 'cancel', taskId }))(args)
        : (tools.stop?.() ?? { kind: 'status' }),
  },
  {
    name: 'stop',
    description: 'Cancel the running task (asks which when several run); /pause stops everything',
    parse: (_args, tools) => tools.stop?.() ?? { kind: 'status' },
  },
  {
    name: 'retry',
    aliases: ['rerun'],
    args: '<id> [id…]',
    description: 'Run a failed or cancelled task again',
    parse: withIds('retry', (taskId) => ({ kind: 'retry', taskId })),
  },
  {
    name: 'agents',
    aliases: ['team', 'roster'],
    description: 'The team: roles and models',
    parse: none({ kind: 'agents' }),
  },
  {
    name: 'remember',
    args: '<fact>',
    description: 'Keep a fact in memory',
    parse: keep(false, '/remember needs a fact, like /remember I prefer short briefs.'),
  },
  {
    name: 'remind',
    aliases: ['reminder'],
    args: '<what>',
    description: 'Keep a reminder; every brief shows it until you /forget it',
    parse: keep(true, '/remind needs what to remind you of, like /remind renew the domain before Friday.'),
  },
  {
    name: 'memory',
    aliases: ['memories', 'facts'],
    description: 'List what Kev remembers',
    parse: none({ kind: 'memory' }),
  },
  {
    name: 'forget',
    args: '<id>',
    description: 'Delete a memory',
    parse: (args) => {
      const read = readId(args);
      return read
        ? { kind: 'forget', memoryId: read.id }
        : '/forget needs a memory number from /memory, like /forget 2.';
    },
  },
  {
    name: 'cost',
    aliases: ['spend', 'costs', 'budget'],
    description: 'Spend today and this week, by agent and model',
    parse: none({ kind: 'cost' }),
  },
  { name: 'pause', description: 'Stop starting new work', parse: none({ kind: 'pause' }) },
  {
    name: 'resume',
    aliases: ['unpause', 'go'],
    description: 'Start work again',
    parse: none({ kind: 'resume' }),
  },
  {
    name: 'pipeline',
    args: '<idea> | resume <id>',
    description: 'Run an idea through the seven-stage factory, or resume a stopped pipeline',
    parse: (args) => {
      const text = args.trim();
      const resume = /^resume\s+#?(\d{1,9})$/i.exec(text);
      if (resume) return { kind: 'pipelines', resume: Number(resume[1]) };
      if (/^resume$/i.test(text))
        return '/pipeline resume needs a pipeline number from /pipelines, like /pipeline resume 2.';
      return text
        ? { kind: 'pipeline', idea: text }
        : '/pipeline needs an idea, like /pipeline a CLI that converts PDFs to Markdown.';
    },
  },
  {
    name: 'pipelines',
    description: 'Each pipeline: its stage, state and cost so far',
    parse: none({ kind: 'pipelines' }),
  },
  {
    name: 'brief',
    description: 'The brief now: done, waiting, failed, spend, today',
    parse: none({ kind: 'brief' }),
  },
  {
    name: 'schedules',
    args: '[pause|resume <name>]',
    description: 'What runs on its own and when; pause or resume a job',
    parse: (args) =>
      verbAndRest(args, 'schedules', ['pause', 'resume'], (action, job) => ({
        kind: 'schedules',
        action,
        job,
      })) ?? { kind: 'schedules' },
  },
  {
    name: 'topics',
    args: '[add|remove <topic>]',
    description: 'Standing research topics for Scout',
    parse: (args) =>
      verbAndRest(args, 'topics', ['add', 'remove'], (action, topic) => ({
        kind: 'topics',
        action,
        topic,
      })) ?? { kind: 'topics' },
  },
];

/** "pause brief" → build("pause", "brief"); empty → undefined; an unknown verb → a sentence. */
function verbAndRest<V extends string>(
  args: string,
  name: string,
  verbs: readonly V[],
  build: (verb: V, rest: string) => Intent,
): Intent | string | undefined {
  const trimmed = args.trim();
  if (!trimmed) return undefined;
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const verb = verbs.find((v) => v === first.toLowerCase());
  if (!verb) return `/${name} takes ${verbs.map((v) => `${v} <…>`).join(' or ')}, or nothing to list.`;
  return build(verb, rest.join(' '));
}

export interface ParsedCommand {
  row: CommandRow | undefined;
  name: string;
  args: string;
}

/** Splits "/approve@KevBot 3" into the command row and its arguments. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const match = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return undefined;
  const name = (match[1] ?? '').toLowerCase();
  const row = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
  return { row, name, args: match[2] ?? '' };
}

/** "I don't know /qeue. Did you mean /queue?" */
export function unknownCommand(name: string): string {
  const near = closest(
    name,
    COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]),
  );
  const row = near ? COMMANDS.find((c) => c.name === near || c.aliases?.includes(near)) : undefined;
  return row
    ? `I don't know /${name}. Did you mean /${row.name}? /help lists what I can do.`
    : `I don't know /${name}. /help lists what I can do.`;
}

export function helpText(): string {
  const lines = COMMANDS.map(
    (c) =>
      `/${c.name}${c.args ? ` ${c.args}` : ''} — ${c.description}${c.aliases?.length ? ` (also ${c.aliases.map((a) => `/${a}`).join(', ')})` : ''}`,
  );
  return [
    'Tell me what you need in plain words (“research the best vector databases”), or use a command:',
    '',
    ...lines,
  ].join('\n');
}
