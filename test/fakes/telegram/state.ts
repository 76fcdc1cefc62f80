// The fake Bot API's world: the bot, the chats it knows, the messages it sent, the update queue
// that getUpdates serves (or the webhook receives), and the callback queries waiting for an answer.

import type { Chat, InlineKeyboardMarkup, Message, Update, User } from 'grammy/types';

export interface FakeUser {
  id: number;
  first_name: string;
  username?: string;
}

/** A message the bot sent, as the person in the chat would see it. */
export interface BotMessage {
  message_id: number;
  chatId: number;
  /** Visible text after the parse mode was applied (the caption for a document). */
  text: string;
  /** What the bot sent, before parsing. */
  raw: string;
  parseMode?: string;
  buttons: Array<Array<{ text: string; data: string }>>;
  document?: { filename: string; content: string };
  replyTo?: number;
  edits: number;
}

/** An error the fake answers with, as the real server does: { ok: false, error_code, description }. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
  ) {
    super(description);
  }
}

interface ChatRecord {
  chat: Chat;
  nextMessageId: number;
  messages: BotMessage[];
  blocked: boolean;
}

export class FakeWorld {
  readonly botId: number;
  readonly bot: User;
  updates: Update[] = [];
  confirmedOffset = 0;
  webhook: { url: string; secret?: string; allowed?: string[] } | undefined;
  commands: Array<{ commands: unknown; scope?: unknown }> = [];
  chatActions: Array<{ chatId: number; action: string }> = [];
  readonly queries = new Map<string, { answered: boolean; from: number }>();
  private readonly chats = new Map<number, ChatRecord>();
  private nextUpdateId: number;
  private nextQueryId = 4_000_000_000_000;
  /** Called whenever an update is queued (wakes long polls, drives the webhook). */
  onUpdate: (update: Update) => void = () => {};
  /** Called when the bot sends a message or edits one (a soak follows replies without rescanning). */
  onBotMessage: (message: BotMessage) => void = () => {};
  /** Messages the bot sent in all chats so far. */
  botMessageCount = 0;

  constructor(
    readonly token: string,
    firstUpdateId = 100_000,
  ) {
    this.botId = Number(token.split(':')[0]);
    this.bot = { id: this.botId, is_bot: true, first_name: 'Kev', username: 'kev_test_bot' };
    this.nextUpdateId = firstUpdateId;
  }

  privateChat(user: FakeUser): Chat {
    return this.chatRecord({ id: user.id, type: 'private', first_name: user.first_name }).chat;
  }

  chatRecord(chat: Chat): ChatRecord {
    let record = this.chats.get(chat.id);
    if (!record) {
      record = { chat, nextMessageId: 1, messages: [], blocked: false };
      this.chats.set(chat.id, record);
    }
    return record;
  }

  /** A chat the bot may write to: one where someone wrote first, as on Telegram. */
  knownChat(chatId: unknown): ChatRecord {
    const record = this.chats.get(Number(chatId));
    if (!record) throw new ApiError(400, 'Bad Request: chat not found');
    if (record.blocked) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    return record;
  }

  block(userId: number, blocked = true): void {
    const record = this.chats.get(userId);
    if (record) record.blocked = blocked;
  }

  messages(chatId: number): BotMessage[] {
    return this.chats.get(chatId)?.messages ?? [];
  }

  findMessage(chatId: unknown, messageId: unknown): BotMessage {
    const found = bisect(this.chats.get(Number(chatId))?.messages ?? [], Number(messageId));
    if (!found) throw new ApiError(400, 'Bad Request: message to edit not found');
    return found;
  }

  /** Sends a text as a user; the chat is theirs unless a group chat is given. */
  userText(from: FakeUser, text: string, chat?: Chat): Update {
    const record = chat ? this.chatRecord(chat) : this.chatRecord(this.privateChat(from));
    const message = {
      message_id: record.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: record.chat,
      from: { id: from.id, is_bot: false, first_name: from.first_name },
      text,
      ...(text.startsWith('/')
        ? {
            entities: [{ type: 'bot_command' as const, offset: 0, length: text.split(/\s/)[0]?.length ?? 1 }],
          }
        : {}),
    } as Update['message'];
    return this.queue({ message });
  }

  /** Files users sent (voice notes), by file id: what getFile and the file download serve. */
  readonly files = new Map<string, { path: string; data: Buffer }>();

  /** Sends a voice note as a user (OGG/Opus, as Telegram's apps record them). */
  userVoice(from: FakeUser, data: Buffer, duration: number): Update {
    const record = this.chatRecord(this.privateChat(from));
    const fileId = `voice-${this.files.size + 1}`;
    this.files.set(fileId, { path: `voice/file_${this.files.size + 1}.oga`, data });
    const message = {
      message_id: record.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: record.chat,
      from: { id: from.id, is_bot: false, first_name: from.first_name },
      voice: {
        file_id: fileId,
        file_unique_id: `u${fileId}`,
        duration,
        mime_type: 'audio/ogg',
        file_size: data.length,
      },
    } as Update['message'];
    return this.queue({ message });
  }

  /** Taps a button under a bot message. */
  userTap(from: FakeUser, message: BotMessage, data: string): { update: Update; queryId: string } {
    const queryId = String(this.nextQueryId++);
    this.queries.set(queryId, { answered: false, from: from.id });
    const record = this.chatRecord(this.privateChat(from));
    const callback_query = {
      id: queryId,
      from: { id: from.id, is_bot: false, first_name: from.first_name },
      chat_instance: String(message.chatId),
      data,
      message: {
        message_id: message.message_id,
        date: Math.floor(Date.now() / 1000),
        chat: this.chats.get(message.chatId)?.chat ?? record.chat,
        from: this.bot,
        text: message.text,
      },
    } as Update['callback_query'];
    return { update: this.queue({ callback_query }), queryId };
  }

  queue(body: Omit<Update, 'update_id'>): Update {
    const update = { update_id: this.nextUpdateId++, ...body } as Update;
    this.updates.push(update);
    this.onUpdate(update);
    return update;
  }

  /** Updates not yet confirmed with an offset (what getUpdates serves), at most `limit` of them. */
  pending(limit = Number.POSITIVE_INFINITY): Update[] {
    // Update ids only grow, so the first unconfirmed one is found by bisection, not by a scan of all.
    let low = 0;
    let high = this.updates.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.updates[middle]?.update_id ?? 0) < this.confirmedOffset) low = middle + 1;
      else high = middle;
    }
    return this.updates.slice(low, Math.min(this.updates.length, low + limit));
  }

  confirm(offset: number): void {
    if (offset > this.confirmedOffset) this.confirmedOffset = offset;
  }

  /** Appends a bot message to its chat, giving it the chat's next message id. */
  addBotMessage(chatId: unknown, fields: Omit<BotMessage, 'message_id' | 'chatId' | 'edits'>): BotMessage {
    const record = this.knownChat(chatId);
    const message: BotMessage = {
      message_id: record.nextMessageId++,
      chatId: record.chat.id,
      edits: 0,
      ...fields,
    };
    record.messages.push(message);
    this.botMessageCount += 1;
    this.onBotMessage(message);
    return message;
  }

  /** The Message object the API returns for a bot message. */
  wire(message: BotMessage): Message {
    const chat = this.chats.get(message.chatId)?.chat as Chat;
    const base = {
      message_id: message.message_id,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: this.bot,
    };
    const markup: InlineKeyboardMarkup | undefined = message.buttons.length
      ? {
          inline_keyboard: message.buttons.map((row) =>
            row.map((b) => ({ text: b.text, callback_data: b.data })),
          ),
        }
      : undefined;
    const content = message.document
      ? {
          document: {
            file_id: `doc-${message.message_id}`,
            file_unique_id: `u${message.message_id}`,
            file_name: message.document.filename,
          },
          ...(message.text ? { caption: message.text } : {}),
        }
      : { text: message.text };
    return { ...base, ...content, ...(markup ? { reply_markup: markup } : {}) } as Message;
  }
}

/** The message with this id in a chat's list, whose ids only grow (a soak edits thousands). */
function bisect(messages: BotMessage[], id: number): BotMessage | undefined {
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((messages[middle]?.message_id ?? 0) < id) low = middle + 1;
    else high = middle;
  }
  return messages[low]?.message_id === id ? messages[low] : undefined;
}
