// The slash commands, one row each. `/help`, the Telegram command menu and argument checking all
// come from this table; a command only turns its arguments into an Intent.

import type { Intent, TaskDraft } from '../ports/intents.js';

/** What a command may use to build its intent. */
export interface CommandTools {
  /** Turns free text into a task draft (type and agent from the parser's classifier). */
  draft(text: string): TaskDraft;
}

export interface CommandRow {
  name: string;
  args?: string;
  description: string;
  /** Turns the text after the command into an intent, or a sentence saying what is wrong. */
  parse(args: string, tools: CommandTools): Intent | string;
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

const none = (intent: Intent) => (): Intent => intent;

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
    args: '<id>',
    description: 'Show one task in full',
    parse: withId('show', (taskId) => ({ kind: 'show', taskId })),
  },
  {
    name: 'approve',
    args: '<id>',
    description: 'Approve a task in review (or confirm one in backlog)',
    parse: withId('approve', (taskId) => ({ kind: 'approve', taskId })),
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
    args: '<id>',
    description: 'Cancel a task',
    parse: withId('cancel', (taskId) => ({ kind: 'cancel', taskId })),
  },
  {
    name: 'retry',
    args: '<id>',
    description: 'Run a failed task again',
    parse: withId('retry', (taskId) => ({ kind: 'retry', taskId })),
  },
  { name: 'agents', description: 'The team: roles and models', parse: none({ kind: 'agents' }) },
  {
    name: 'remember',
    args: '<fact>',
    description: 'Keep a fact in memory',
    parse: (args) =>
      args.trim()
        ? { kind: 'remember', fact: args.trim() }
        : '/remember needs a fact, like /remember I prefer short briefs.',
  },
  { name: 'memory', description: 'List what Kev remembers', parse: none({ kind: 'memory' }) },
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
    description: 'Spend today and this week, by agent and model',
    parse: none({ kind: 'cost' }),
  },
  { name: 'pause', description: 'Stop starting new work', parse: none({ kind: 'pause' }) },
  { name: 'resume', description: 'Start work again', parse: none({ kind: 'resume' }) },
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
  return { row: COMMANDS.find((c) => c.name === name), name, args: match[2] ?? '' };
}

export function helpText(): string {
  const lines = COMMANDS.map((c) => `/${c.name}${c.args ? ` ${c.args}` : ''} — ${c.description}`);
  return [
    'Tell me what you need in plain words (“research the best vector databases”), or use a command:',
    '',
    ...lines,
  ].join('\n');
}
