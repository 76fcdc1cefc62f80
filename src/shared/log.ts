// The logger: pino, with every secret value scrubbed from each line before it is written.
// Value-based scrubbing catches what key-based redaction cannot, such as a bot token inside the
// URL of a grammY HttpError printed by the error serializer.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

const MASK = '[redacted]';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One pattern matching every secret as written raw, JSON-escaped or URL-encoded. */
export function secretPattern(secrets: readonly string[]): RegExp | undefined {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  if (forms.size === 0) return undefined;
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(alternatives.join('|'), 'g');
}

export function scrub(text: string, pattern: RegExp | undefined): string {
  return pattern ? text.replace(pattern, MASK) : text;
}

export interface LogOptions {
  level: string;
  /** A file to append to; standard error when absent. */
  file?: string | undefined;
  secrets: readonly string[];
  /** A stream to write to instead (tests). */
  stream?: NodeJS.WritableStream;
}

export function createLogger(options: LogOptions): Logger {
  const pattern = secretPattern(options.secrets);
  const hooks = { streamWrite: (line: string) => scrub(line, pattern) };
  const redact = {
    paths: ['*.token', '*.apiKey', '*.authorization', '*.headers.authorization'],
    censor: MASK,
  };
  if (options.stream) {
    return pino({ level: options.level, hooks, redact }, options.stream);
  }
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true });
    return pino(
      { level: options.level, hooks, redact },
      pino.destination({ dest: options.file, sync: true }),
    );
  }
  return pino({ level: options.level, hooks, redact }, pino.destination({ dest: 2, sync: true }));
}

export const silentLogger: Logger = pino({ level: 'silent' });
