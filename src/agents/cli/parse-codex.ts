// Pure parsing of Codex JSONL events (`codex exec --json`) into a CliRunResult.
// Codex reports tokens, not dollars, so the run is priced from the catalogue entry here, once.

import { z } from 'zod';
import { costMicros, type ModelEntry, type Usage, ZERO_USAGE } from '../../router/catalogue.js';
import { addUsage, endingFailure, exitedBadly, exitFailure, tail } from './outcome.js';
import type { CliFailure, CliRunResult, CommandOutcome } from './types.js';

const CLI = 'codex';

const ItemSchema = z.object({
  type: z.string(),
  text: z.string().nullish(),
  message: z.string().nullish(),
  command: z.string().nullish(),
  exit_code: z.number().nullish(),
  changes: z.array(z.object({ path: z.string(), kind: z.string().nullish() })).nullish(),
});

const EventSchema = z.object({
  type: z.string(),
  thread_id: z.string().nullish(),
  item: ItemSchema.nullish(),
  usage: z
    .object({
      input_tokens: z.number(),
      cached_input_tokens: z.number().nullish(),
      output_tokens: z.number(),
    })
    .nullish(),
  error: z.object({ message: z.string() }).nullish(),
  message: z.string().nullish(),
});

type CodexEvent = z.infer<typeof EventSchema>;

export interface CodexTranscript {
  threadId?: string;
  /** agent_message texts, in order. */
  messages: string[];
  changedFiles: string[];
  commands: string[];
  usage: Usage;
  turnsCompleted: number;
  turnFailed?: string;
  /** Top-level `error` events and error items. */
  errors: string[];
  events: number;
  unparsedLines: number;
}

type Fold = (t: CodexTranscript, e: CodexEvent) => void;

function foldItem(t: CodexTranscript, item: NonNullable<CodexEvent['item']>): void {
  if (item.type === 'agent_message' && item.text) t.messages.push(item.text);
  if (item.type === 'command_execution' && item.command) t.commands.push(item.command);
  if (item.type === 'file_change') t.changedFiles.push(...(item.changes ?? []).map((c) => c.path));
  if (item.type === 'error' && item.message) t.errors.push(item.message);
}

/** One row per event type Kev reads; others (turn.started, item.started, item.updated…) are skipped. */
const FOLDS: Record<string, Fold> = {
  'thread.started': (t, e) => {
    if (e.thread_id) t.threadId = e.thread_id;
  },
  'item.completed': (t, e) => {
    if (e.item) foldItem(t, e.item);
  },
  'turn.completed': (t, e) => {
    t.turnsCompleted += 1;
    if (!e.usage) return;
    t.usage = addUsage(t.usage, {
      inputTokens: e.usage.input_tokens,
      outputTokens: e.usage.output_tokens,
      cachedTokens: e.usage.cached_input_tokens ?? 0,
    });
  },
  'turn.failed': (t, e) => {
    t.turnFailed = e.error?.message ?? 'turn failed';
  },
  error: (t, e) => {
    t.errors.push(e.message ?? e.error?.message ?? 'error');
  },
};

export function parseCodexOutput(stdout: string): CodexTranscript {
  const transcript: CodexTranscript = {
    messages: [],
    changedFiles: [],
    commands: [],
    usage: ZERO_USAGE,
    turnsCompleted: 0,
    errors: [],
    events: 0,
    unparsedLines: 0,
  };
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      transcript.unparsedLines += 1;
      continue;
    }
    const event = EventSchema.safeParse(value);
    if (!event.success) {
      transcript.unparsedLines += 1;
      continue;
    }
    transcript.events += 1;
    FOLDS[event.data.type]?.(transcript, event.data);
  }
  return transcript;
}

function summarize(t: CodexTranscript): string {
  const last = t.messages.at(-1);
  if (last) return last;
  if (t.changedFiles.length > 0) return `Changed ${[...new Set(t.changedFiles)].join(', ')}`;
  return '';
}

function lastError(t: CodexTranscript): string | undefined {
  return t.turnFailed ?? t.errors.at(-1);
}

/** The run's result from the process outcome; `price` is the catalogue entry of the model used. */
export function codexRunResult(outcome: CommandOutcome, price?: ModelEntry): CliRunResult {
  const t = parseCodexOutput(outcome.stdout);
  const usage = t.usage;
  const cost = price ? costMicros(price, usage) : 0;
  const session = t.threadId ? { sessionId: t.threadId } : {};
  const fail = (failure: CliFailure): CliRunResult => ({
    ok: false,
    failure,
    usage,
    costMicros: cost,
    ...session,
  });

  const ended = endingFailure(CLI, outcome);
  if (ended) return fail(ended);
  const code = outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {};
  if (t.turnFailed !== undefined) {
    return fail({ kind: 'is_error', message: `${CLI} turn failed: ${tail(t.turnFailed)}`, ...code });
  }
  if (exitedBadly(outcome)) {
    const detail = lastError(t);
    return fail(exitFailure(CLI, outcome, detail === undefined ? undefined : tail(detail)));
  }
  if (t.turnsCompleted > 0) {
    return {
      ok: true,
      summary: summarize(t),
      usage,
      costMicros: cost,
      numTurns: t.turnsCompleted,
      ...session,
    };
  }
  const error = lastError(t);
  if (error !== undefined)
    return fail({ kind: 'is_error', message: `${CLI} failed: ${tail(error)}`, ...code });
  const what = t.events === 0 ? 'printed no JSON events' : 'ended without turn.completed';
  return fail({ kind: 'malformed', message: `${CLI} ${what}: ${tail(outcome.stdout, 200)}` });
}
