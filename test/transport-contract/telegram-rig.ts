// The Telegram row of the transport contract: the real grammY transport against the fake Bot API on
// 127.0.0.1, read back as the people in the chats see it.

import { TelegramTransport } from '../../src/bot/telegram.js';
import { UNPACED } from '../../src/ports/chat.js';
import { silentLogger } from '../../src/shared/log.js';
import { OWNER, STRANGER, tap } from '../fakes/telegram/harness.js';
import { startFakeBotApi } from '../fakes/telegram/index.js';
import type { BotMessage } from '../fakes/telegram/state.js';
import { startKev } from './kev-stack.js';
import type { Rig, RigRow, Seen } from './rig.js';

const seenOf = (m: BotMessage): Seen => ({
  text: m.text,
  choices: m.buttons.flat().map((b) => b.text),
  ...(m.document ? { document: { filename: m.document.filename } } : {}),
});

export const telegramRow: RigRow = {
  platform: 'telegram',
  async start({ owner }) {
    const fake = await startFakeBotApi();
    const transport = new TelegramTransport({
      token: fake.token,
      apiRoot: fake.url,
      ownerChats: owner ? [String(OWNER.id)] : [],
      commands: [],
      log: silentLogger,
      pacing: UNPACED,
      pollTimeoutSeconds: 1,
      retry: { baseMs: 20, maxMs: 100 },
      autoRetry: { maxRetryAttempts: 2, maxDelaySeconds: 0 },
      typingDelayMs: 0,
      stopGraceMs: 2000,
    });
    const kev = await startKev(transport, owner ? { telegram: new Set([String(OWNER.id)]) } : {});
    const rig: Rig = {
      kev,
      chat: { platform: 'telegram', chatId: String(OWNER.id) },
      maxChars: 4096,
      async ownerSays(text) {
        await rig.ownerSaysAll([text]);
      },
      async ownerSaysAll(texts) {
        const before = kev.handled.length;
        for (const text of texts) fake.world.userText(OWNER, text);
        await kev.settle(before + texts.length);
      },
      async strangerSays(text) {
        const before = kev.handled.length;
        fake.world.userText(STRANGER, text);
        await kev.settle(before + 1);
      },
      strangerSeen: () => fake.world.messages(STRANGER.id).map(seenOf),
      seen: () => fake.world.messages(OWNER.id).map(seenOf),
      async choose(label) {
        const message = fake.world.messages(OWNER.id).findLast((m) => m.buttons.length > 0);
        if (!message) throw new Error('no message with buttons in the owner’s chat');
        const before = kev.handled.length;
        await tap(fake, message, label);
        await kev.settle(before + 1);
      },
      async stop() {
        await kev.stop();
        await fake.close();
      },
    };
    return rig;
  },
};
