// Runs one provider call under the caller's signal and our own timeout, and turns whatever happens into a
// CompletionResult: cost computed once from parsed usage, failures classified and redacted.

import { costMicros, type Usage, ZERO_USAGE } from '../../router/catalogue.js';
import { type CallOutcome, classifyError, redact } from './errors.js';
import type { CompletionRequest, CompletionResult, ProviderFailure, StopReason } from './types.js';

export interface ParsedAnswer {
  text: string;
  usage: Usage;
  stopReason: StopReason;
}

export type CallAttempt = (signal: AbortSignal) => Promise<ParsedAnswer>;

/** Contract: never throws. `secrets` are scrubbed from every failure message. */
export async function guardCall(
  request: CompletionRequest,
  secrets: readonly string[],
  attempt: CallAttempt,
): Promise<CompletionResult> {
  if (request.signal?.aborted) {
    return failed({ kind: 'aborted', message: 'the request was cancelled before it was sent' });
  }
  const timer = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timer]) : timer;
  try {
    const answer = await attempt(signal);
    return settle(request, answer, secrets);
  } catch (error) {
    // A fired signal decides the kind whatever was thrown: SDKs surface an abort as anything from
    // APIUserAbortError to a quietly truncated stream that then fails to parse.
    const outcome: CallOutcome = {
      aborted: request.signal?.aborted ?? false,
      timedOut: timer.aborted,
      timeoutMs: request.timeoutMs,
    };
    const failure = classifyError(error, outcome);
    return failed({ ...failure, message: redact(failure.message, secrets) });
  }
}

function settle(
  request: CompletionRequest,
  answer: ParsedAnswer,
  secrets: readonly string[],
): CompletionResult {
  const cost = costMicros(request.model, answer.usage);
  if (request.json && answer.stopReason === 'end' && !parsesAsJson(answer.text)) {
    const failure: ProviderFailure = {
      kind: 'malformed',
      message: redact(`asked for JSON "${request.json.name}" but the answer does not parse`, secrets),
    };
    return { ok: false, failure, usage: answer.usage, costMicros: cost };
  }
  return {
    ok: true,
    text: answer.text,
    usage: answer.usage,
    costMicros: cost,
    stopReason: answer.stopReason,
  };
}

function failed(failure: ProviderFailure): CompletionResult {
  return { ok: false, failure, usage: { ...ZERO_USAGE }, costMicros: 0 };
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
