// HTML by tagged template: every interpolated value is escaped unless it is already Html, so a
// task title with <script> in it is shown as text. Arrays of Html are joined.

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const UNSAFE = /[&<>"']/;

export function escapeHtml(text: string): string {
  // Most text has nothing to escape: test first (a non-global test allocates nothing).
  return UNSAFE.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c) : text;
}

function render(part: Part): string {
  if (typeof part === 'string') return escapeHtml(part);
  if (typeof part === 'number') return String(part); // digits, a dot, a sign: nothing to escape
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) {
    let out = '';
    for (const p of part) out += render(p);
    return out;
  }
  if (part === null || part === undefined || part === false) return '';
  return escapeHtml(String(part));
}

/** Appends piece by piece (V8 keeps them as a rope until the page is written): no array per part. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += render(values[i] as Part);
    out += strings[i + 1] ?? '';
  }
  return new Html(out);
}

/** Marks text the caller built safely (sanitised Markdown, drawn SVG) as HTML. */
export function trusted(value: string): Html {
  return new Html(value);
}
