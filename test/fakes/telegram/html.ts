// Telegram's HTML parse mode, as strict as the real server: only its tags, only its entities,
// balanced tags. Returns the visible text (what the owner reads and what the 4096 limit counts).

const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export type HtmlParse = { ok: true; text: string } | { ok: false; error: string };

/** Parses Telegram HTML; the error reads like the real "can't parse entities" description. */
export function parseTelegramHtml(html: string): HtmlParse {
  const fail = (why: string, at: number): HtmlParse => ({
    ok: false,
    error: `Bad Request: can't parse entities: ${why} at byte offset ${Buffer.byteLength(html.slice(0, at))}`,
  });
  const open: string[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch === '<') {
      const tag = /^<(\/?)([a-z][a-z-]*)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>/.exec(html.slice(i));
      if (!tag) return fail('Unsupported start tag', i);
      const [whole, closing, name = ''] = tag;
      if (!TAGS.has(name)) return fail(`Unsupported start tag "${name}"`, i);
      if (closing) {
        if (open.pop() !== name) return fail(`Can't find end tag corresponding to start tag "${name}"`, i);
      } else {
        open.push(name);
      }
      i += whole.length;
    } else if (ch === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(html.slice(i));
      if (!entity) return fail('Character "&" must be escaped', i);
      const body = entity[1] as string;
      text += body.startsWith('#x')
        ? String.fromCodePoint(Number.parseInt(body.slice(2), 16))
        : body.startsWith('#')
          ? String.fromCodePoint(Number(body.slice(1)))
          : NAMED[body];
      i += entity[0].length;
    } else if (ch === '>') {
      return fail('Character ">" must be escaped', i);
    } else {
      text += ch;
      i += 1;
    }
  }
  if (open.length) return fail(`Can't find end tag corresponding to start tag "${open.at(-1)}"`, html.length);
  return { ok: true, text };
}
