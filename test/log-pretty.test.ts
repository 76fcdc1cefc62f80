// Logs for a person at a terminal are readable lines (pino-pretty), still scrubbed of secrets;
// everything else stays one JSON object per line.

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/shared/log.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => {
    text += String(chunk);
  });
  return { stream, text: () => text };
}

describe('log lines', () => {
  it('are pretty and scrubbed when asked for a terminal', () => {
    const out = capture();
    const log = createLogger({
      level: 'info',
      secrets: ['sk-secret-123456'],
      stream: out.stream,
      pretty: true,
    });
    log.info({ url: 'https://x/?key=sk-secret-123456' }, 'called the model');
    const text = out.text();
    expect(text).toMatch(/INFO.*called the model/);
    expect(() => JSON.parse(text.split('\n')[0] ?? '')).toThrow();
    expect(text).not.toContain('sk-secret-123456');
    expect(text).not.toMatch(/\x1b\[/);
  });

  it('stay JSON otherwise', () => {
    const out = capture();
    const log = createLogger({ level: 'info', secrets: [], stream: out.stream });
    log.info('called the model');
    expect(JSON.parse(out.text().split('\n')[0] ?? '')).toMatchObject({ msg: 'called the model', level: 30 });
  });
});
