// Telegram updates to the port's Incoming. The dedupe key is `<bot id>:<chat id>:<message id>` for a
// message and `<bot id>:cb:<callback query id>` for a tap, not update_id: Telegram restarts update
// ids at random after a quiet week, while these stay unique, also across a change of bot.

import type { Chat, Update } from 'grammy/types';
import type { Incoming } from '../ports/chat.js';
import { decodeChoice } from './telegram-format.js';

const PLATFORM = 'telegram';

function chatType(type: Chat['type']): Incoming['chatType'] {
  if (type === 'private') return 'private';
  return type === 'channel' ? 'channel' : 'group';
}

/** The Incoming for an update Kev reads, or undefined for one it does not (edits, joins, inline). */
export function toIncoming(update: Update, botId: string): Incoming | undefined {
  const message = update.message;
  if (message?.from) {
    return {
      platform: PLATFORM,
      kind: 'text',
      chatId: String(message.chat.id),
      userId: String(message.from.id),
      messageId: `${botId}:${message.chat.id}:${message.message_id}`,
      chatType: chatType(message.chat.type),
      // A photo or file is read by its caption; without one Kev answers that the message was empty.
      text: message.text ?? message.caption ?? '',
    };
  }
  const query = update.callback_query;
  const choice = query?.data ? decodeChoice(query.data) : undefined;
  if (query?.message && choice) {
    return {
      platform: PLATFORM,
      kind: 'choice',
      chatId: String(query.message.chat.id),
      userId: String(query.from.id),
      messageId: `${botId}:cb:${query.id}`,
      chatType: chatType(query.message.chat.type),
      ...choice,
    };
  }
  return undefined;
}
