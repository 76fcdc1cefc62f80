// Approvals without buttons: a review request goes out as numbered choices, and the owner answers
// by replying with the number, by the choice's word ("approve") as a reply to it, or with a 👍 / 👎
// reaction on it. The sent message ids of prompts are kept in the session table, so an answer
// still lands after a restart. Typed decisions with a task number ("approve 12") are plain text:
// the core reads them like any other message. Deciding twice is the core's business (it says so).

import type { SessionRowsPort } from './whatsapp-auth.js';

export interface PromptRecord {
  promptId: number;
  choices: string[];
}

const PROMPT = 'kev-prompt';
const LAST = 'kev-last-prompt';

const YES = /^(?:👍|✅|✔️|👌|🆗)/u;
const NO = /^(?:👎|❌|✖️|🚫)/u;
const YES_LABEL = /^(approve|confirm|yes|ok)\b/i;
const NO_LABEL = /^(reject|cancel|no)\b/i;

export class WhatsAppPrompts {
  constructor(private readonly rows: SessionRowsPort) {}

  /** Remembers a sent message that carries choices, and makes it the chat's latest question. */
  remember(chatJid: string, messageId: string, record: PromptRecord): void {
    this.rows.write([
      { type: PROMPT, id: messageId, value: JSON.stringify(record) },
      { type: LAST, id: chatJid, value: messageId },
    ]);
  }

  private byMessage(messageId: string | undefined): PromptRecord | undefined {
    const text = messageId ? this.rows.readOne(PROMPT, messageId) : undefined;
    return text ? (JSON.parse(text) as PromptRecord) : undefined;
  }

  /**
   * The choice a text answers: a number, or a choice's word when it quotes the question. A bare
   * number without a quote answers the chat's latest question. Anything else is plain text.
   */
  fromText(
    chatJid: string,
    text: string,
    quotedId?: string,
  ): { promptId: number; index: number } | undefined {
    const quoted = this.byMessage(quotedId);
    const prompt = quoted ?? this.byMessage(this.rows.readOne(LAST, chatJid));
    if (!prompt) return undefined;
    const trimmed = text.trim();
    const number = /^(\d{1,2})[.)]?$/.exec(trimmed);
    if (number) {
      const index = Number(number[1]) - 1;
      return index >= 0 && index < prompt.choices.length ? { promptId: prompt.promptId, index } : undefined;
    }
    if (!quoted) return undefined;
    const index = prompt.choices.findIndex((c) => c.toLowerCase() === trimmed.toLowerCase());
    return index >= 0 ? { promptId: prompt.promptId, index } : undefined;
  }

  /** The choice a reaction stands for: 👍 the approving choice, 👎 the refusing one. */
  fromReaction(targetId: string, emoji: string): { promptId: number; index: number } | undefined {
    const prompt = this.byMessage(targetId);
    if (!prompt || !emoji) return undefined;
    const label = YES.test(emoji) ? YES_LABEL : NO.test(emoji) ? NO_LABEL : undefined;
    if (!label) return undefined;
    const index = prompt.choices.findIndex((c) => label.test(c));
    return index >= 0 ? { promptId: prompt.promptId, index } : undefined;
  }
}
