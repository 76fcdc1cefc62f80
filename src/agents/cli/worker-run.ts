// What both CLI workers share: the CommandSpec built from a request, and the promise that run()
// never throws (whatever an injected runner or parser throws becomes a typed failure).

import { ZERO_USAGE } from '../../router/catalogue.js';
import { compactEnv } from './env.js';

import type { CliRunRequest, CliRunResult, CommandSpec } from './types.js';

export function commandSpec(
  file: string,
  args: string[],
  request: CliRunRequest,
  graceMs?: number,
): CommandSpec {
  return {
    file,
    args,
    cwd: request.cwd,
    env: compactEnv(request.env),
    timeoutMs: request.timeoutMs,
    ...(request.signal && { signal: request.signal }),
    ...(request.artifactsDir && { artifactsDir: request.artifactsDir }),
    ...(graceMs !== undefined && { graceMs }),
  };
}

export async function runSafely(cli: string, run: () => Promise<CliRunResult>): Promise<CliRunResult> {
  try {
    return await run();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      failure: { kind: 'spawn', message: `${cli} run failed: ${detail}` },
      usage: ZERO_USAGE,
      costMicros: 0,
    };
  }
}
