import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/shared/log.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

function capture(secrets: string[]) {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk) => lines.push(String(chunk)));
  return { log: createLogger({ level: 'info', secrets, stream }), lines };
}

describe('log scrubbing', () => {
  it('removes a secret wherever it appears: message, error, URL, nested field', () => {
    const { log, lines } = capture([TOKEN, 'sk-ant-api03-secret']);
    const error = new Error(`Network request for 'getMe' failed: https://api.telegram.org/bot${TOKEN}/getMe`);
    log.error(
      { err: error, url: `https://api.telegram.org/bot${encodeURIComponent(TOKEN)}/x` },
      `token ${TOKEN}`,
    );
    log.info({ nested: { deep: { value: 'sk-ant-api03-secret' } } }, 'deep');
    const out = lines.join('');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(encodeURIComponent(TOKEN));
    expect(out).not.toContain('sk-ant-api03-secret');
    expect(out).toContain('[redacted]');
  });

  it('redacts secret-looking keys even when the value is unknown', () => {
    const { log, lines } = capture([]);
    log.info({ provider: { apiKey: 'whatever-key' } }, 'x');
    expect(lines.join('')).not.toContain('whatever-key');
  });
});
