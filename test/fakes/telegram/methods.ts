// The Bot API methods the fake knows, one row each. A row checks its parameters the way the real
// server does (parse mode, length limits, button data, edits that change nothing) and changes the
// world. Methods missing here answer 404, like a Bot API server that lacks them.

import { parseTelegramHtml } from './html.js';
import { ApiError, type BotMessage, type FakeWorld } from './state.js';

export type Params = Record<string, unknown>;
export type Files = Map<string, { filename: string; data: Buffer }>;
export type MethodRow = (world: FakeWorld, params: Params, files: Files) => unknown;

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;

/** Multipart fields arrive as strings; objects among them are JSON. */
export function readJsonField(value: unknown): unknown {
  if (typeof value !== 'string' || !/^[[{]/.test(value)) return value;
  return JSON.parse(value);
}

function visibleText(raw: unknown, parseMode: unknown, limit: number, what: string): string {
  const text = typeof raw === 'string' ? raw : '';
  let visible = text;
  if (parseMode === 'HTML') {
    const parsed = parseTelegramHtml(text);
    if (!parsed.ok) throw new ApiError(400, parsed.error);
    visible = parsed.text;
  } else if (parseMode !== undefined) {
    throw new ApiError(400, `Bad Request: unsupported parse_mode in this fake: ${String(parseMode)}`);
  }
  if (what === 'message' && visible.trim() === '')
    throw new ApiError(400, 'Bad Request: message text is empty');
  if (visible.length > limit) throw new ApiError(400, `Bad Request: ${what} is too long`);
  return visible;
}

function readButtons(markup: unknown): BotMessage['buttons'] {
  const keyboard = (
    readJsonField(markup) as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> }
  )?.inline_keyboard;
  if (!keyboard) return [];
  return keyboard.map((row) =>
    row.map((button) => {
      const data = button.callback_data ?? '';
      const size = Buffer.byteLength(data);
      if (size < 1 || size > 64) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
      return { text: button.text, data };
    }),
  );
}

function replyTo(params: Params): number | undefined {
  const reply = readJsonField(params.reply_parameters) as { message_id?: number } | undefined;
  return reply?.message_id;
}

function sameButtons(a: BotMessage['buttons'], b: BotMessage['buttons']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export const METHODS: Record<string, MethodRow> = {
  getFile: (world, params) => {
    const file = world.files.get(String(params.file_id));
    if (!file) throw new ApiError(400, 'Bad Request: invalid file_id');
    return {
      file_id: params.file_id,
      file_unique_id: `u${String(params.file_id)}`,
      file_size: file.data.length,
      file_path: file.path,
    };
  },
  getMe: (world) => ({
    ...world.bot,
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  }),

  deleteWebhook: (world, params) => {
    world.webhook = undefined;
    if (params.drop_pending_updates) world.confirm(Number.MAX_SAFE_INTEGER);
    return true;
  },

  setWebhook: (world, params) => {
    const url = String(params.url ?? '');
    if (!url) throw new ApiError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    const secret = params.secret_token === undefined ? undefined : String(params.secret_token);
    const allowed = readJsonField(params.allowed_updates) as string[] | undefined;
    world.webhook = { url, ...(secret ? { secret } : {}), ...(allowed ? { allowed } : {}) };
    return true;
  },

  getWebhookInfo: (world) => ({
    url: world.webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: world.pending().length,
  }),

  sendMessage: (world, params) => {
    world.knownChat(params.chat_id);
    const text = visibleText(params.text, params.parse_mode, TEXT_LIMIT, 'message');
    const to = replyTo(params);
    const message = world.addBotMessage(params.chat_id, {
      text,
      raw: String(params.text),
      ...(params.parse_mode ? { parseMode: String(params.parse_mode) } : {}),
      buttons: readButtons(params.reply_markup),
      ...(to ? { replyTo: to } : {}),
    });
    return world.wire(message);
  },

  sendDocument: (world, params, files) => {
    world.knownChat(params.chat_id);
    const ref = String(params.document ?? '');
    const file = files.get(ref.replace(/^attach:\/\//, '')) ?? files.get('document');
    if (!file) throw new ApiError(400, 'Bad Request: there is no document in the request');
    const caption =
      params.caption === undefined
        ? ''
        : visibleText(params.caption, params.parse_mode, CAPTION_LIMIT, 'caption');
    const message = world.addBotMessage(params.chat_id, {
      text: caption,
      raw: String(params.caption ?? ''),
      buttons: readButtons(params.reply_markup),
      document: { filename: file.filename, content: file.data.toString('utf8') },
    });
    return world.wire(message);
  },

  editMessageText: (world, params) => {
    const message = world.findMessage(params.chat_id, params.message_id);
    const text = visibleText(params.text, params.parse_mode, TEXT_LIMIT, 'message');
    const buttons = readButtons(params.reply_markup);
    if (text === message.text && sameButtons(buttons, message.buttons)) throw new ApiError(400, NOT_MODIFIED);
    Object.assign(message, { text, raw: String(params.text), buttons, edits: message.edits + 1 });
    world.onBotMessage(message);
    return world.wire(message);
  },

  editMessageReplyMarkup: (world, params) => {
    const message = world.findMessage(params.chat_id, params.message_id);
    const buttons = readButtons(params.reply_markup);
    if (sameButtons(buttons, message.buttons)) throw new ApiError(400, NOT_MODIFIED);
    Object.assign(message, { buttons, edits: message.edits + 1 });
    world.onBotMessage(message);
    return world.wire(message);
  },

  answerCallbackQuery: (world, params) => {
    const query = world.queries.get(String(params.callback_query_id));
    if (!query || query.answered) {
      throw new ApiError(
        400,
        'Bad Request: query is too old and response timeout expired or query ID is invalid',
      );
    }
    if (typeof params.text === 'string' && params.text.length > 200)
      throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
    query.answered = true;
    return true;
  },

  sendChatAction: (world, params) => {
    world.knownChat(params.chat_id);
    world.chatActions.push({ chatId: Number(params.chat_id), action: String(params.action) });
    return true;
  },

  setMyCommands: (world, params) => {
    const commands = readJsonField(params.commands) as Array<{ command: string; description: string }>;
    for (const c of commands ?? []) {
      if (!/^[a-z0-9_]{1,32}$/.test(c.command) || !c.description || c.description.length > 256) {
        throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
      }
    }
    world.commands.push({ commands, scope: readJsonField(params.scope) });
    return true;
  },
};
