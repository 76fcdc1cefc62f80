// The floor for Kev's Telegram figures: a bare grammY bot that answers every message with one
// sendMessage, long polling like Kev, started the same way (node on the built file, same env).

import { Bot } from 'grammy';

/** Used in-process by the bench, and run as a process for the start-up figures. */
export function bareBot(apiRoot: string | undefined, token: string): Bot {
  const bot = new Bot(token, { client: { ...(apiRoot ? { apiRoot } : {}) } });
  bot.on('message', (ctx) => ctx.reply(`ok: ${ctx.message.text ?? ''}`));
  return bot;
}

if (process.argv[1]?.endsWith('bare-bot.js')) {
  const bot = bareBot(process.env.TELEGRAM_API_ROOT, process.env.TELEGRAM_BOT_TOKEN ?? '');
  process.once('SIGTERM', () => void bot.stop());
  void bot.start({ timeout: 30 });
}
