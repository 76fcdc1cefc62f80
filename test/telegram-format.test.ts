// Units behind the Telegram transport: HTML rendering checked by the fake's strict parser, splitting,
// callback data, and the table that maps grammY errors to retry or park.

import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { isEditTargetGone, isNotModified, toDeliveryError } from '../src/bot/telegram-errors.js';
import {
  decodeChoice,
  encodeChoice,
  escapeHtml,
  keyboard,
  renderHtml,
  splitText,
  TEXT_LIMIT,
} from '../src/bot/telegram-format.js';
import { DeliveryError } from '../src/ports/chat.js';
import { parseTelegramHtml } from './fakes/telegram/index.js';

const TOKEN = '123456789:AAFakeTokenForTests_abcdefghijklmnopq';

function visible(text: string): string {
  const parsed = parseTelegramHtml(renderHtml(text));
  if (!parsed.ok) throw new Error(`${parsed.error} in ${renderHtml(text)}`);
  return parsed.text;
}

function grammyError(code: number, description: string, retryAfter?: number): GrammyError {
  const parameters = retryAfter === undefined ? {} : { retry_after: retryAfter };
  return new GrammyError(
    'Call failed',
    { ok: false, error_code: code, description, parameters },
    'sendMessage',
    {},
  );
}

describe('Telegram HTML', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeHtml('a < b && c > d "q" \'s\'')).toBe('a &lt; b &amp;&amp; c &gt; d "q" \'s\'');
  });

  it.each([
    '<b>not bold</b> & <i>not italic</i>',
    '5 > 3 && 2 < 4',
    '_under_ *star* ~strike~ ||spoiler|| [link](http://x)',
    '&amp; &lt; &#123; stay literal',
    'emoji 🚀 👍🏽 👨‍👩‍👧 🇬🇧 and CJK 漢字',
    '<script>alert(1)</script>',
    '',
  ])('shows %j exactly as written', (text) => {
    expect(visible(text)).toBe(text);
  });

  it('renders fences as code blocks, also unclosed ones, and inline code', () => {
    expect(renderHtml('```python\nif a < b:\n    pass\n```')).toBe(
      '<pre><code class="language-python">if a &lt; b:\n    pass</code></pre>',
    );
    expect(visible('start\n```\nx <y>\n')).toBe('start\nx <y>\n');
    expect(renderHtml('use `a<b` and `c`')).toBe('use <code>a&lt;b</code> and <code>c</code>');
    expect(visible('a stray ` backtick, and ``` mid-line')).toBe('a stray ` backtick, and ``` mid-line');
  });
});

describe('splitting', () => {
  it('keeps short text whole', () => {
    expect(splitText('hello\nworld')).toEqual(['hello\nworld']);
  });

  it('cuts at line boundaries under the limit, losing nothing', () => {
    const text = Array.from({ length: 400 }, (_, i) => `${i} ${'w'.repeat(i % 50)}`).join('\n');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(parts.join('\n')).toBe(text);
  });

  it('cuts one endless line at spaces, and never through an emoji', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    for (const part of splitText(words)) expect(part.length).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(splitText(words).join(' ')).toBe(words);
    const emoji = '🚀'.repeat(5000);
    const parts = splitText(emoji);
    expect(parts.join('')).toBe(emoji);
    for (const part of parts) expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it('closes a code block at a cut and opens it again in the next message', () => {
    const code = Array.from({ length: 300 }, (_, i) => `  const v${i} = a < b;`).join('\n');
    const parts = splitText(`Intro\n\`\`\`ts\n${code}\n\`\`\`\nOutro`);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      const html = renderHtml(part);
      expect(html).toContain('<pre><code class="language-ts">');
      expect(visible(part).length).toBeLessThanOrEqual(TEXT_LIMIT);
    }
  });
});

describe('buttons', () => {
  it('encodes a choice in far fewer than 64 bytes and reads it back', () => {
    const data = encodeChoice(Number.MAX_SAFE_INTEGER % 1e15, 999);
    expect(Buffer.byteLength(data)).toBeLessThan(64);
    expect(decodeChoice(encodeChoice(42, 2))).toEqual({ promptId: 42, index: 2 });
    for (const junk of ['', 'p:', 'p:x:1', 'p:1:2:3', 'approve', 'p:1:-1'])
      expect(decodeChoice(junk)).toBeUndefined();
  });

  it('puts short labels on one row and long ones on a row each', () => {
    expect(keyboard(['Approve', 'Reject', 'Revise'], 3).inline_keyboard).toHaveLength(1);
    expect(keyboard(['Research the market', 'Write the landing page'], 3).inline_keyboard).toHaveLength(2);
  });
});

describe('grammY errors to DeliveryError', () => {
  it.each([
    [429, 'Too Many Requests: retry after 7', 7, 'retry', 7000],
    [500, 'Internal Server Error', undefined, 'retry', undefined],
    [502, 'Bad Gateway', undefined, 'retry', undefined],
    [401, 'Unauthorized', undefined, 'retry', undefined],
    [403, 'Forbidden: bot was blocked by the user', undefined, 'permanent', undefined],
    [403, "Forbidden: bot can't initiate conversation with a user", undefined, 'permanent', undefined],
    [400, 'Bad Request: chat not found', undefined, 'permanent', undefined],
  ] as const)('%i %s', (code, description, retryAfter, kind, retryAfterMs) => {
    const mapped = toDeliveryError(grammyError(code, description, retryAfter), TOKEN);
    expect(mapped).toBeInstanceOf(DeliveryError);
    expect([mapped.kind, mapped.retryAfterMs]).toEqual([kind, retryAfterMs]);
    expect(mapped.message).toContain(description);
  });

  it('retries a network failure and keeps the token out of the message', () => {
    const cause = Object.assign(new Error(`request to http://x/bot${TOKEN}/sendMessage failed`), {
      code: 'ECONNREFUSED',
    });
    const mapped = toDeliveryError(
      new HttpError(`Network request for 'sendMessage' failed! ${TOKEN}`, cause),
      TOKEN,
    );
    expect(mapped.kind).toBe('retry');
    expect(mapped.message).toContain('ECONNREFUSED');
    expect(mapped.message).not.toContain(TOKEN);
  });

  it('recognises edits that change nothing and messages that are gone', () => {
    expect(
      isNotModified(grammyError(400, 'Bad Request: message is not modified: specified new message content')),
    ).toBe(true);
    expect(isEditTargetGone(grammyError(400, 'Bad Request: message to edit not found'))).toBe(true);
    expect(isEditTargetGone(grammyError(400, "Bad Request: message can't be edited"))).toBe(true);
    expect(isNotModified(grammyError(403, 'Forbidden'))).toBe(false);
  });
});
