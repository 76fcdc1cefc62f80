// Telegram updates to the port's Incoming. The dedupe key is `<bot id>:<chat id>:<message id>` for a
// message and `<bot id>:cb:<callback query id>` for a tap, not update_id: Telegram restarts update
// ids at random after a quiet week, while these stay unique, also across a change of bot.
//
// This is the transport's edge: an update is checked against the few fields Kev reads before any
// of them is used, so an odd one (a text that is not a string, a message without its chat) is
// dropped here with a reason, never thrown deeper in.

import type { Update } from 'grammy/types';
import { z } from 'zod';
import type { Incoming } from '../ports/chat.js';
import { decodeChoice } from './telegram-format.js';

const PLATFORM = 'telegram';

/** The update types Kev reads; the only ones it asks Telegram for (getUpdates and setWebhook). */
export const HANDLED_UPDATES = ['message', 'callback_query'] as const;

const chat = z.object({ id: z.number(), type: z.string() });
const user = z.object({ id: z.number() });
const message = z.object({
  message_id: z.number(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
});
const callbackQuery = z.object({
  id: z.string(),
  from: user,
  data: z.string().optional(),
  message: z.object({ chat }).optional(),
});

export type ReadUpdate =
  | { kind: 'incoming'; incoming: Incoming }
  /** A type or shape Kev does not read (edits, joins, channel posts, inline taps): no reply. */
  | { kind: 'ignored' }
  /** An update Kev would read but cannot: a field is missing or of the wrong type. */
  | { kind: 'malformed'; problem: string };

function chatType(type: string): Incoming['chatType'] {
  if (type === 'private') return 'private';
  return type === 'channel' ? 'channel' : 'group';
}

function problemOf(what: string, error: z.ZodError): ReadUpdate {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${what}.${issue.path.join('.')}` : what;
  return { kind: 'malformed', problem: `${where}: ${issue?.message ?? 'invalid'}` };
}

/** Reads one update: the Incoming for one Kev handles, or why it is ignored or refused. */
export function toIncoming(update: Update, botId: string): ReadUpdate {
  if (update.message !== undefined) {
    const parsed = message.safeParse(update.message);
    if (!parsed.success) return problemOf('message', parsed.error);
    const m = parsed.data;
    if (!m.from) return { kind: 'ignored' };
    return {
      kind: 'incoming',
      incoming: {
        platform: PLATFORM,
        kind: 'text',
        chatId: String(m.chat.id),
        userId: String(m.from.id),
        messageId: `${botId}:${m.chat.id}:${m.message_id}`,
        chatType: chatType(m.chat.type),
        // A photo or file is read by its caption; without one Kev answers that the message was empty.
        text: m.text ?? m.caption ?? '',
      },
    };
  }
  if (update.callback_query !== undefined) {
    const parsed = callbackQuery.safeParse(update.callback_query);
    if (!parsed.success) return problemOf('callback_query', parsed.error);
    const q = parsed.data;
    const choice = q.data ? decodeChoice(q.data) : undefined;
    if (!q.message || !choice) return { kind: 'ignored' };
    return {
      kind: 'incoming',
      incoming: {
        platform: PLATFORM,
        kind: 'choice',
        chatId: String(q.message.chat.id),
        userId: String(q.from.id),
        messageId: `${botId}:cb:${q.id}`,
        chatType: chatType(q.message.chat.type),
        ...choice,
      },
    };
  }
  return { kind: 'ignored' };
}
