// A model's Markdown as Telegram HTML: marked reads the Markdown; this file writes only the tags
// Telegram's HTML mode accepts (b, i, s, a, code, pre, blockquote). Headings become bold lines,
// lists become "•" / "1." lines, tables a preformatted block. Any failure falls back to plain text.

import type { Token, Tokens } from 'marked';
import { escapeHtml, renderHtml } from './telegram-format.js';

type Lexer = (src: string, options: { gfm: boolean; breaks: boolean }) => Token[];

let lex: Lexer | undefined;

/** marked is loaded on the first Markdown message, not at start. */
export async function loadMarkdown(): Promise<void> {
  if (lex) return;
  const { Lexer } = await import('marked');
  lex = (src, options) => Lexer.lex(src, options);
}

function attr(value: string): string {
  return escapeHtml(value).replace(/"/g, '&quot;');
}

function inline(tokens: Token[] | undefined): string {
  return (tokens ?? []).map(inlineToken).join('');
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'strong':
      return `<b>${inline((token as Tokens.Strong).tokens)}</b>`;
    case 'em':
      return `<i>${inline((token as Tokens.Em).tokens)}</i>`;
    case 'del':
      return `<s>${inline((token as Tokens.Del).tokens)}</s>`;
    case 'codespan':
      return `<code>${escapeHtml(decode((token as Tokens.Codespan).text))}</code>`;
    case 'br':
      return '\n';
    case 'link': {
      const link = token as Tokens.Link;
      const safe = /^(https?|tg|mailto):/i.test(link.href);
      return safe ? `<a href="${attr(link.href)}">${inline(link.tokens)}</a>` : inline(link.tokens);
    }
    case 'image': {
      const image = token as Tokens.Image;
      return /^https?:/i.test(image.href)
        ? `<a href="${attr(image.href)}">${escapeHtml(image.text || image.href)}</a>`
        : escapeHtml(image.text);
    }
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : escapeHtml(decode(text.text));
    }
    case 'escape':
      return escapeHtml(decode((token as Tokens.Escape).text));
    default:
      // Raw HTML and anything unknown is shown as the text it is.
      return escapeHtml(decode(token.raw));
  }
}

/** marked hands text through with its own entity escapes; Telegram wants ours. */
function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function block(token: Token): string {
  switch (token.type) {
    case 'heading':
      return `<b>${inline((token as Tokens.Heading).tokens)}</b>`;
    case 'paragraph':
      return inline((token as Tokens.Paragraph).tokens);
    case 'code': {
      const code = token as Tokens.Code;
      const lang = code.lang?.split(/\s/)[0];
      const cls = lang ? ` class="language-${attr(lang)}"` : '';
      return `<pre><code${cls}>${escapeHtml(code.text)}</code></pre>`;
    }
    case 'blockquote':
      return `<blockquote>${(token as Tokens.Blockquote).tokens.map(block).join('\n')}</blockquote>`;
    case 'list':
      return list(token as Tokens.List, 0);
    case 'hr':
      return '——————';
    case 'table':
      return `<pre>${escapeHtml(token.raw.trimEnd())}</pre>`;
    case 'space':
      return '';
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : escapeHtml(decode(text.text));
    }
    default:
      return escapeHtml(decode(token.raw.trimEnd()));
  }
}

function list(token: Tokens.List, depth: number): string {
  const start = typeof token.start === 'number' ? token.start : 1;
  return token.items
    .map((item, i) => {
      const mark = item.task ? (item.checked ? '☑' : '☐') : token.ordered ? `${start + i}.` : '•';
      const parts = item.tokens
        .filter((t) => t.type !== 'checkbox')
        .map((t) => (t.type === 'list' ? `\n${list(t as Tokens.List, depth + 1)}` : block(t)));
      return `${'  '.repeat(depth)}${mark} ${parts.join('').trim()}`;
    })
    .join('\n');
}

/**
 * Renders Markdown as Telegram HTML. Falls back to the plain-text rendering when marked is not
 * loaded yet or cannot read the text, so a message always goes out.
 */
export function markdownToHtml(markdown: string): string {
  if (!lex) return renderHtml(markdown);
  try {
    const blocks = lex(markdown, { gfm: true, breaks: true })
      .map(block)
      .filter((b) => b !== '');
    return blocks.join('\n\n');
  } catch {
    return renderHtml(markdown);
  }
}
