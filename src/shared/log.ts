// The logger: pino, with every secret value scrubbed from each line before it is written.
// Value-based scrubbing catches what key-based redaction cannot, such as a bot token inside the
// URL of a grammY HttpError printed by the error serializer.

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  /** Human-readable lines (pino-pretty) instead of JSON: for a terminal, never for a file. */
  pretty?: boolean;
  /** Colours in pretty lines (off when NO_COLOR is set). */
  color?: boolean;
}

/** pino-pretty as a synchronous stream, loaded only when a person reads the log in a terminal. */
function prettyStream(destination: NodeJS.WritableStream | number, color: boolean): NodeJS.WritableStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => NodeJS.WritableStream;
  return pretty({
    colorize: color,
    destination,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
  });
}

export function createLogger(options: LogOptions): Logger {
  const pattern = secretPattern(options.secrets);
  const hooks = { streamWrite: (line: string) => scrub(line, pattern) };
  const redact = {
    paths: ['*.token', '*.apiKey', '*.authorization', '*.headers.authorization'],
    censor: MASK,
  };
  if (options.stream) {
    const stream = options.pretty ? prettyStream(options.stream, options.color ?? false) : options.stream;
    return pino({ level: options.level, hooks, redact }, stream);
  }
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true });
    return pino(
      { level: options.level, hooks, redact },
      pino.destination({ dest: options.file, sync: true }),
    );
  }
  if (options.pretty)
    return pino({ level: options.level, hooks, redact }, prettyStream(2, options.color ?? true));
  return pino({ level: options.level, hooks, redact }, pino.destination({ dest: 2, sync: true }));
}

export const silentLogger: Logger = pino({ level: 'silent' });
