// What Kev says, put on Telegram: a message becomes parts (a .txt document for a long result, then
// HTML text chunks under 4096 characters, the reply buttons on the last), sent in order; an edit
// shows the decision and removes the buttons. Failures leave as DeliveryError for the outbox.

import { createHash } from 'node:crypto';
import { type Api, InputFile } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { DeliveryReceipt, OutgoingMessage, RateLimit } from '../ports/chat.js';
import { isEditTargetGone, isNotModified, isParseError, toDeliveryError } from './telegram-errors.js';
import { keyboard, NO_BUTTONS, renderHtml, splitText } from './telegram-format.js';
import { loadMarkdown, markdownToHtml } from './telegram-markdown.js';

type Part =
  | { kind: 'document'; filename: string; content: string; caption?: string }
  | { kind: 'text'; html: string; plain: string; markup?: InlineKeyboardMarkup };

/** Telegram's limit on a document's caption. */
const CAPTION_LIMIT = 1024;

const NO_PREVIEW = { is_disabled: true };

export function partsOf(message: OutgoingMessage): Part[] {
  const chunks = splitText(message.text.trim() ? message.text : '…');
  const markup =
    message.choices?.length && message.promptId !== undefined
      ? keyboard(message.choices, message.promptId)
      : undefined;
  const render = message.markdown ? markdownToHtml : renderHtml;
  const texts = chunks.map(
    (chunk, i): Part => ({
      kind: 'text',
      html: render(chunk),
      plain: chunk,
      ...(markup && i === chunks.length - 1 ? { markup } : {}),
    }),
  );
  return message.document ? [{ kind: 'document', ...message.document }, ...texts] : texts;
}

/** Contract: send() and edit() deliver or throw a DeliveryError; the token never appears in one. */
export class TelegramOutgoing {
  /** Parts already delivered of a multi-part message whose delivery failed half-way, by content. */
  private readonly partial = new Map<string, { sent: number; lastId: number }>();

  constructor(
    private readonly api: Api,
    private readonly token: string,
    /** The chat's pace: the first `burst` parts of one message go at once, later ones are spaced. */
    private readonly pace: RateLimit,
  ) {}

  /** The receipt's externalId is the last part's message id: the one with the buttons. */
  async send(chatId: string, message: OutgoingMessage): Promise<DeliveryReceipt> {
    if (message.markdown) await loadMarkdown();
    const parts = partsOf(message);
    const key = createHash('sha256')
      .update(`${chatId}\0${JSON.stringify(message)}`)
      .digest('hex');
    const progress = this.partial.get(key) ?? { sent: 0, lastId: 0 };
    this.partial.delete(key);
    const first = progress.sent;
    try {
      for (let i = first; i < parts.length; i++) {
        if (i - first >= this.pace.burst && this.pace.intervalMs > 0)
          await new Promise((r) => setTimeout(r, this.pace.intervalMs));
        progress.lastId = await this.sendPart(chatId, parts[i] as Part);
        progress.sent = i + 1;
      }
    } catch (error) {
      const failure = toDeliveryError(error, this.token);
      // The outbox retries the whole message; the parts that went out are not sent twice.
      if (progress.sent > 0 && failure.kind === 'retry') this.partial.set(key, progress);
      throw failure;
    }
    return { externalId: String(progress.lastId) };
  }

  async edit(chatId: string, externalId: string, message: OutgoingMessage): Promise<void> {
    const id = Number(externalId);
    const chunks = splitText(message.text);
    try {
      if (chunks.length === 1) {
        await this.api.editMessageText(chatId, id, renderHtml(message.text), {
          parse_mode: 'HTML',
          link_preview_options: NO_PREVIEW,
          reply_markup: NO_BUTTONS,
        });
        return;
      }
      // Too long to show whole in one message: the buttons go and the decision is said beneath.
      await this.api
        .editMessageReplyMarkup(chatId, id, { reply_markup: NO_BUTTONS })
        .catch((error: unknown) => {
          if (!isNotModified(error)) throw error;
        });
      await this.api.sendMessage(chatId, renderHtml(message.note ?? chunks.at(-1) ?? ''), {
        parse_mode: 'HTML',
        reply_parameters: { message_id: id, allow_sending_without_reply: true },
      });
    } catch (error) {
      if (isNotModified(error)) return;
      if (isEditTargetGone(error)) {
        await this.send(chatId, { text: message.note ?? message.text });
        return;
      }
      throw toDeliveryError(error, this.token);
    }
  }

  private async sendPart(chatId: string, part: Part): Promise<number> {
    if (part.kind === 'document') {
      const file = new InputFile(Buffer.from(part.content, 'utf8'), part.filename);
      const caption = part.caption ? { caption: part.caption.slice(0, CAPTION_LIMIT) } : {};
      return (await this.api.sendDocument(chatId, file, caption)).message_id;
    }
    const markup = part.markup ? { reply_markup: part.markup } : {};
    try {
      const sent = await this.api.sendMessage(chatId, part.html, {
        parse_mode: 'HTML',
        link_preview_options: NO_PREVIEW,
        ...markup,
      });
      return sent.message_id;
    } catch (error) {
      if (!isParseError(error)) throw error;
      // Telegram could not read our HTML: the words still go out, as plain text.
      const sent = await this.api.sendMessage(chatId, part.plain, {
        link_preview_options: NO_PREVIEW,
        ...markup,
      });
      return sent.message_id;
    }
  }
}
