// Plain text to Telegram: HTML escaping (the core speaks plain text), fenced and inline code shown
// as code, splitting at line boundaries under the 4096-character limit, and the reply buttons'
// callback data (a prompt id and a choice index, far under Telegram's 64 bytes).

import type { InlineKeyboardMarkup } from 'grammy/types';

/** Telegram's limit on a message's visible text. */
export const TEXT_LIMIT = 4096;

const FENCE = /^\s*```\s*([\w+#.-]*)\s*$/;
const FENCE_END = /^\s*```\s*$/;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function inlineCode(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(/(?<!`)`([^`\n]+)`(?!`)/g)) {
    out += `${escapeHtml(line.slice(last, match.index))}<code>${escapeHtml(match[1] ?? '')}</code>`;
    last = match.index + match[0].length;
  }
  return out + escapeHtml(line.slice(last));
}

function preBlock(lines: string[], language: string): string {
  const attr = language ? ` class="language-${escapeHtml(language)}"` : '';
  return `<pre><code${attr}>${escapeHtml(lines.join('\n'))}</code></pre>`;
}

/**
 * Renders plain text as Telegram HTML: everything escaped, ``` fences as code blocks and
 * `backticks` as inline code. The visible text is never longer than the input.
 */
export function renderHtml(text: string): string {
  const out: string[] = [];
  let code: string[] | undefined;
  let language = '';
  for (const line of text.split('\n')) {
    if (code) {
      if (FENCE_END.test(line)) {
        out.push(preBlock(code, language));
        code = undefined;
      } else code.push(line);
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      code = [];
      language = fence[1] ?? '';
    } else out.push(inlineCode(line));
  }
  if (code) out.push(preBlock(code, language));
  return out.join('\n');
}

/** Cuts one over-long line into pieces of at most `max`, at a space when one is near the end. */
function cutLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let at = rest.lastIndexOf(' ', max);
    if (at < max * 0.7) at = max;
    // Never cut a surrogate pair (an emoji) in half.
    if (/[\uD800-\uDBFF]/.test(rest.charAt(at - 1))) at -= 1;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^ /, '');
  }
  pieces.push(rest);
  return pieces;
}

/**
 * Splits text into messages of at most `limit` characters, at line boundaries. A code block cut in
 * two is closed at the end of one message and opened again at the start of the next.
 */
export function splitText(text: string, limit = TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const chunks: string[] = [];
  let lines: string[] = [];
  let size = 0;
  let fence: string | undefined;
  const flush = (last = false) => {
    if (lines.length === 0) return;
    chunks.push([...lines, ...(fence && !last ? ['```'] : [])].join('\n'));
    lines = fence ? [fence] : [];
    size = fence ? fence.length : 0;
  };
  // Room kept for a closing fence line and for the reopening fence at the start of a chunk.
  const room = limit - 8 - 40;
  for (const whole of text.split('\n')) {
    for (const line of cutLine(whole, room)) {
      const reserve = fence ? 4 : 0;
      if (lines.length > 0 && size + 1 + line.length + reserve > limit) flush();
      size += (lines.length > 0 ? 1 : 0) + line.length;
      lines.push(line);
      if (fence) {
        if (FENCE_END.test(line)) fence = undefined;
      } else if (FENCE.test(line)) fence = line.trim().slice(0, 40);
    }
  }
  flush(true);
  return chunks;
}

/** Contract: callback data is "p:<promptId>:<index>", at most 24 bytes for any safe integer pair. */
export function encodeChoice(promptId: number, index: number): string {
  return `p:${promptId}:${index}`;
}

export function decodeChoice(data: string): { promptId: number; index: number } | undefined {
  const match = /^p:(\d{1,15}):(\d{1,3})$/.exec(data);
  if (!match) return undefined;
  return { promptId: Number(match[1]), index: Number(match[2]) };
}

/** Short labels share one row (Approve / Reject / Revise); longer ones get a row each. */
export function keyboard(choices: string[], promptId: number): InlineKeyboardMarkup {
  const buttons = choices.map((label, index) => ({
    text: label.slice(0, 64),
    callback_data: encodeChoice(promptId, index),
  }));
  const oneRow = buttons.length <= 3 && choices.every((c) => c.length <= 14);
  return { inline_keyboard: oneRow ? [buttons] : buttons.map((b) => [b]) };
}

/** An empty keyboard: an edit that carries it removes the buttons. */
export const NO_BUTTONS: InlineKeyboardMarkup = { inline_keyboard: [] };
