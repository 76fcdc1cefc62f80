// Failure mapping shared by both CLI parsers: how a process ending becomes a typed CliFailure,
// and how a CLI model id finds its catalogue entry for pricing.

import type { Catalogue, ModelEntry, Provider, Usage } from '../../router/catalogue.js';
import type { CliFailure, CommandOutcome } from './types.js';

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
  };
}

export { usdToMicros } from '../../router/money.js';

export function findCliModel(catalogue: Catalogue, provider: Provider, id: string): ModelEntry | undefined {
  return Object.values(catalogue).find((entry) => entry.provider === provider && entry.id === id);
}

/** The last `max` characters, trimmed: enough of stderr to say why without flooding a chat message. */
export function tail(text: string, max = 400): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `…${trimmed.slice(-max)}`;
}

/** Endings Kev caused or that never produced output: these win over anything on stdout. */
export function endingFailure(cli: string, outcome: CommandOutcome): CliFailure | undefined {
  switch (outcome.ending) {
    case 'timeout':
      return { kind: 'timeout', message: `${cli} timed out and was stopped` };
    case 'cancelled':
      return { kind: 'cancelled', message: `${cli} was cancelled` };
    case 'spawn_error':
      return {
        kind: 'spawn',
        message: `${cli} could not be started: ${outcome.errorMessage ?? 'unknown error'}`,
      };
    case 'exited':
      return undefined;
  }
}

export function exitedBadly(outcome: CommandOutcome): boolean {
  return outcome.exitCode !== 0 || outcome.signal !== undefined;
}

/** A non-zero exit or a foreign signal, with the most useful detail we have. */
export function exitFailure(cli: string, outcome: CommandOutcome, detail?: string): CliFailure {
  const how =
    outcome.exitCode !== undefined
      ? `exited with code ${outcome.exitCode}`
      : `was killed by ${outcome.signal ?? 'an unknown signal'}`;
  const why = detail ?? outcome.errorMessage ?? tail(outcome.stderr);
  return {
    kind: 'exit',
    message: why ? `${cli} ${how}: ${why}` : `${cli} ${how}`,
    ...(outcome.exitCode !== undefined && { exitCode: outcome.exitCode }),
  };
}
