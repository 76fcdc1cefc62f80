// Kev's plain text to WhatsApp: Markdown-ish emphasis to WhatsApp's own (*bold*, _italic_,
// ~strike~, ``` and `inline` monospace), numbered choices instead of buttons (WhatsApp no longer
// delivers button messages to ordinary accounts), and splitting at WhatsApp's sizes.

import { splitText } from './telegram-format.js';

/** WhatsApp accepts far longer texts, but folds them behind "Read more"; 4,096 reads well on a phone. */
export const WA_TEXT_LIMIT = 4096;
/** A document's caption is cut by WhatsApp at 1,024 characters. */
export const WA_CAPTION_LIMIT = 1024;

const FENCE = /^\s*```/;

/** One line outside code: **bold** → *bold*, __italic__ → _italic_, ~~strike~~ → ~strike~, # Heading → *Heading*. */
function renderLine(line: string): string {
  const heading = /^#{1,6}\s+(.+)$/.exec(line);
  if (heading) return `*${heading[1]?.replace(/\*\*/g, '')}*`;
  // Inline code keeps its backticks (WhatsApp renders `code` as monospace) and is not touched inside.
  return line
    .split(/(`[^`\n]+`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
            .replace(/__([^_\n]+)__/g, '_$1_')
            .replace(/~~([^~\n]+)~~/g, '~$1~'),
    )
    .join('');
}

export function renderWhatsApp(text: string): string {
  let inCode = false;
  return text
    .split('\n')
    .map((line) => {
      if (FENCE.test(line)) {
        inCode = !inCode;
        // WhatsApp's block monospace has no language tag: ```ts becomes ```.
        return '```';
      }
      return inCode ? line : renderLine(line);
    })
    .join('\n');
}

/** "1 Approve · 2 Reject · 3 Revise", and how to answer. */
export function choicesBlock(choices: readonly string[], reactions: boolean): string {
  const list = choices.map((c, i) => `*${i + 1}* ${c}`).join(' · ');
  const how = reactions
    ? 'Reply with the number, or react 👍 / 👎 to this message.'
    : 'Reply with the number.';
  return `${list}\n_${how}_`;
}

/** The texts to send for one message: rendered, with the choices on the last one, each under the limit. */
export function messageParts(text: string, choices?: readonly string[], reactions = false): string[] {
  const body = renderWhatsApp(text);
  const tail = choices?.length ? `\n\n${choicesBlock(choices, reactions)}` : '';
  const parts = splitText(body, WA_TEXT_LIMIT - tail.length);
  const last = parts.length - 1;
  return parts.map((p, i) => (i === last ? p + tail : p));
}
