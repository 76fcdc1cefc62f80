// Pure parsing of Claude Code headless output (`claude -p --output-format json`) into a CliRunResult.
// Accepts the single result object, the `--verbose` array of messages, or stream-json lines.

import { z } from 'zod';
import { costMicros, type ModelEntry, type Usage, ZERO_USAGE } from '../../router/catalogue.js';
import { endingFailure, exitedBadly, exitFailure, tail, usdToMicros } from './outcome.js';
import type { CliFailure, CliFailureKind, CliRunResult, CommandOutcome } from './types.js';

const CLI = 'claude';

const ClaudeUsageSchema = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
});

const ClaudeResultSchema = z.object({
  type: z.literal('result'),
  subtype: z.string(),
  is_error: z.boolean().nullish(),
  result: z.string().nullish(),
  errors: z.array(z.unknown()).nullish(),
  session_id: z.string().nullish(),
  num_turns: z.number().nullish(),
  total_cost_usd: z.number().nullish(),
  usage: ClaudeUsageSchema.nullish(),
});

export type ClaudeResultMessage = z.infer<typeof ClaudeResultSchema>;

/** Error subtypes of the result message; any other `error_*` subtype is an execution error. */
const SUBTYPE_FAILURES: Record<string, CliFailureKind> = {
  error_max_turns: 'max_turns',
  error_max_budget_usd: 'max_budget',
  error_during_execution: 'is_error',
};

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asResult(value: unknown): ClaudeResultMessage | undefined {
  const parsed = ClaudeResultSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function lastResult(values: unknown[]): ClaudeResultMessage | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    const result = asResult(values[i]);
    if (result) return result;
  }
  return undefined;
}

/** The result message in stdout, or undefined when there is none (garbage, truncated, empty). */
export function parseClaudeOutput(stdout: string): ClaudeResultMessage | undefined {
  const whole = tryJson(stdout.trim());
  if (Array.isArray(whole)) return lastResult(whole);
  if (whole !== undefined) return asResult(whole);
  const lines = stdout.split('\n').filter((line) => line.trim().startsWith('{'));
  return lastResult(lines.map(tryJson));
}

/** Anthropic counts cache reads and writes apart from input_tokens; Usage counts them as input. */
export function claudeUsage(message: ClaudeResultMessage): Usage {
  const u = message.usage;
  if (!u) return ZERO_USAGE;
  const cached = u.cache_read_input_tokens ?? 0;
  return {
    inputTokens: (u.input_tokens ?? 0) + cached + (u.cache_creation_input_tokens ?? 0),
    outputTokens: u.output_tokens ?? 0,
    cachedTokens: cached,
  };
}

function failureKind(message: ClaudeResultMessage): CliFailureKind | undefined {
  const known = SUBTYPE_FAILURES[message.subtype];
  if (known) return known;
  if (message.subtype.startsWith('error')) return 'is_error';
  return message.is_error ? 'is_error' : undefined;
}

function errorMessage(message: ClaudeResultMessage): string {
  const details = (message.errors ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  const text = [message.result, ...details].filter((part) => part && part.trim() !== '').join('; ');
  return `${CLI} stopped (${message.subtype}${message.is_error ? ', is_error' : ''})${text ? `: ${tail(text)}` : ''}`;
}

/**
 * The run's result from the process outcome. `price` prices tokens only when the CLI reported no
 * total_cost_usd (older versions); the CLI's own figure includes its internal calls, so it wins.
 */
export function claudeRunResult(outcome: CommandOutcome, price?: ModelEntry): CliRunResult {
  const message = parseClaudeOutput(outcome.stdout);
  const usage = message ? claudeUsage(message) : ZERO_USAGE;
  const reported = message?.total_cost_usd;
  const cost = reported != null ? usdToMicros(reported) : price ? costMicros(price, usage) : 0;
  const sessionId = message?.session_id ?? undefined;
  const session = sessionId ? { sessionId } : {};
  const fail = (failure: CliFailure): CliRunResult => ({
    ok: false,
    failure,
    usage,
    costMicros: cost,
    ...session,
  });

  const ended = endingFailure(CLI, outcome);
  if (ended) return fail(ended);
  if (!message) {
    if (exitedBadly(outcome)) return fail(exitFailure(CLI, outcome));
    return fail({
      kind: 'malformed',
      message: `${CLI} printed no result object: ${tail(outcome.stdout, 200)}`,
    });
  }
  const kind = failureKind(message);
  if (kind) {
    return fail({
      kind,
      message: errorMessage(message),
      ...(outcome.exitCode !== undefined && { exitCode: outcome.exitCode }),
    });
  }
  return {
    ok: true,
    summary: message.result ?? '',
    usage,
    costMicros: cost,
    ...session,
    ...(message.num_turns != null && { numTurns: message.num_turns }),
  };
}
