// A task's result as HTML: Markdown through marked, with raw HTML in the source escaped (shown as
// text, never run) and links and images limited to http(s), mailto and in-page anchors.

import { Marked, type Tokens } from 'marked';
import { escapeHtml, type Html, trusted } from './html.js';

const SAFE_URL = /^(https?:|mailto:|#|\/(?!\/))/i;

function safeHref(href: string): string | undefined {
  const trimmed = href.trim();
  return SAFE_URL.test(trimmed) ? trimmed : undefined;
}

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      const href = safeHref(token.href);
      if (!href) return text;
      return `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${text}</a>`;
    },
    image(token: Tokens.Image) {
      // Images would fetch from elsewhere; the board loads nothing it does not serve.
      return escapeHtml(`[image: ${token.text || token.href}]`);
    },
  },
});

export function renderMarkdown(source: string): Html {
  return trusted(marked.parse(source, { async: false }));
}
