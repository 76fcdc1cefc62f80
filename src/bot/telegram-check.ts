// `kev doctor`'s Telegram check: getMe with the configured token against the configured Bot API
// server, plus the webhook Telegram has on record. One sentence each, never the token.

import { Api, GrammyError } from 'grammy';
import { describeTelegramError } from './telegram-errors.js';

export interface TelegramCheck {
  ok: boolean;
  detail: string;
}

const DEFAULT_ROOT = 'https://api.telegram.org';

/** Contract: never throws; a refused token or an unreachable server comes back as ok: false. */
export async function checkTelegram(options: {
  token: string;
  apiRoot?: string | undefined;
  webhookUrl?: string | undefined;
  timeoutSeconds?: number;
}): Promise<TelegramCheck[]> {
  const root = (options.apiRoot ?? DEFAULT_ROOT).replace(/\/+$/, '');
  const api = new Api(options.token, { apiRoot: root, timeoutSeconds: options.timeoutSeconds ?? 10 });
  try {
    const me = await api.getMe();
    const checks: TelegramCheck[] = [{ ok: true, detail: `@${me.username} (bot id ${me.id}) via ${root}` }];
    const info = await api.getWebhookInfo().catch(() => undefined);
    if (info) {
      const expected = options.webhookUrl ?? '';
      const mode = info.url ? `webhook at ${info.url}` : 'no webhook (long polling)';
      const matches = info.url === expected || (!expected && !info.url);
      const lastError = info.last_error_message
        ? `; Telegram's last delivery error: ${info.last_error_message}`
        : '';
      checks.push({
        // Kev sets or removes the webhook itself at start, so a mismatch is only a note.
        ok: true,
        detail: `${mode}, ${info.pending_update_count} update(s) waiting${matches ? '' : ' (Kev changes this at start)'}${lastError}`,
      });
    }
    return checks;
  } catch (error) {
    const unauthorized =
      error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404);
    const detail = unauthorized
      ? `${root} refused the token (${error.error_code}): check TELEGRAM_BOT_TOKEN with @BotFather`
      : `could not reach ${root}: ${describeTelegramError(error, options.token)}`;
    return [{ ok: false, detail }];
  }
}
