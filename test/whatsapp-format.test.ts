// Kev's plain text rendered for WhatsApp: emphasis in WhatsApp's own marks, code left alone,
// numbered choices on the last part, and every part under WhatsApp's size.

import { describe, expect, it } from 'vitest';
import { choicesBlock, messageParts, renderWhatsApp, WA_TEXT_LIMIT } from '../src/bot/whatsapp-format.js';

describe('WhatsApp formatting', () => {
  it('renders **bold**, __italic__, ~~strike~~ and headings, and leaves code alone', () => {
    expect(renderWhatsApp('# Result\n**Qdrant** leads, __pgvector__ close, ~~Pinecone~~')).toBe(
      '*Result*\n*Qdrant* leads, _pgvector_ close, ~Pinecone~',
    );
    expect(renderWhatsApp('run `npm **test**` now')).toBe('run `npm **test**` now');
    expect(renderWhatsApp('```ts\nconst a = **b**;\n```')).toBe('```\nconst a = **b**;\n```');
  });

  it('numbers the choices and says how to answer', () => {
    expect(choicesBlock(['Approve', 'Reject', 'Revise'], true)).toBe(
      '*1* Approve · *2* Reject · *3* Revise\n_Reply with the number, or react 👍 / 👎 to this message._',
    );
  });

  it('splits a long text under the limit, at lines, with the choices on the last part only', () => {
    const text = Array.from({ length: 400 }, (_, i) => `line ${i} ${'word '.repeat(10)}`).join('\n');
    const parts = messageParts(text, ['Approve', 'Reject'], true);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(WA_TEXT_LIMIT);
    expect(parts.at(-1)).toMatch(/\*1\* Approve · \*2\* Reject/);
    expect(parts.slice(0, -1).some((p) => p.includes('*1* Approve'))).toBe(false);
    expect(parts.join('\n').replace(/\n\n\*1\*[\s\S]*$/, '')).toBe(text);
  });
});
