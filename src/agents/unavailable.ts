// The failure of an attempt whose executor or provider SDK could not be loaded: a typed value with
// its cause, never a throw, so the router fails over as for any provider error.

import type { AttemptOutput } from '../ports/executor.js';
import { ZERO_USAGE } from '../router/catalogue.js';

/** The failure of an attempt whose executor or SDK could not be loaded. */
export function unavailable(provider: string, cause: unknown): AttemptOutput {
  const why = cause instanceof Error ? cause.message : String(cause);
  return {
    ok: false,
    text: '',
    usage: ZERO_USAGE,
    costMicros: 0,
    failure: { kind: 'unavailable', message: `cannot load ${provider}: ${why}`, class: 'provider' },
  };
}
