// Kev on Telegram for end-to-end tests: the real pieces (a temp SQLite store, Kev, the outbox
// delivery loop, the grammY transport) against the fake Bot API, with small timings, a log captured
// in memory, and a parser a test can hold until it releases it.

import { Writable } from 'node:stream';
import { type TelegramOptions, TelegramTransport } from '../../../src/bot/telegram.js';
import { openStore, type Store, type TaskRow } from '../../../src/db/index.js';
import { COMMANDS } from '../../../src/kev/commands.js';
import { Delivery } from '../../../src/kev/delivery.js';
import { Kev } from '../../../src/kev/kev.js';
import { reviewRequest } from '../../../src/kev/review.js';
import { UNPACED } from '../../../src/ports/chat.js';
import type { Intent, IntentParser } from '../../../src/ports/intents.js';
import { DEFAULT_POLICY } from '../../../src/router/policy.js';
import { Changed } from '../../../src/shared/changed.js';
import { createLogger } from '../../../src/shared/log.js';
import type { FakeBotApi } from './server.js';
import type { BotMessage, FakeUser } from './state.js';

export const OWNER: FakeUser = { id: 4242, first_name: 'Owner' };
export const STRANGER: FakeUser = { id: 666, first_name: 'Stranger' };

/** A parser that answers "chat" for everything, and holds the texts `holdIf` picks ("slow" ones) until released. */
export class GatedParser implements IntentParser {
  readonly name = 'gated';
  readonly seen: string[] = [];
  private release: (() => void) | undefined;
  private readonly gate = new Promise<void>((resolve) => {
    this.release = resolve;
  });
  released = false;

  constructor(private readonly holdIf: (text: string) => boolean = (text) => text.includes('slow')) {}

  async parse(text: string): Promise<Intent> {
    this.seen.push(text);
    if (this.holdIf(text)) await this.gate;
    return { kind: 'chat', question: text };
  }

  open(): void {
    this.released = true;
    this.release?.();
  }
}

export interface StackOptions {
  fake: FakeBotApi;
  /** An existing store file: a restart over the same data. */
  file: string;
  parser?: IntentParser;
  transport?: Partial<TelegramOptions>;
  /** Default debug (tests read the log); the bench runs at Kev's own default, info. */
  logLevel?: 'debug' | 'info';
}

export interface Stack {
  store: Store;
  kev: Kev;
  delivery: Delivery;
  transport: TelegramTransport;
  parser: IntentParser;
  /** Every log line written so far, as text. */
  logText(): string;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const { fake } = options;
  let logged = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    },
  });
  const log = createLogger({ level: options.logLevel ?? 'debug', secrets: [fake.token], stream });
  const store = openStore(options.file);
  const parser = options.parser ?? new GatedParser();
  const transport = new TelegramTransport({
    token: fake.token,
    apiRoot: fake.url,
    ownerChats: [String(OWNER.id)],
    commands: COMMANDS.map((c) => ({ command: c.name, description: c.description })),
    log,
    pacing: UNPACED,
    pollTimeoutSeconds: 1,
    retry: { baseMs: 20, maxMs: 100 },
    autoRetry: { maxRetryAttempts: 2, maxDelaySeconds: 0 },
    typingDelayMs: 0,
    stopGraceMs: 2000,
    durable: () => store.durability.flush(),
    ...options.transport,
  });
  const delivery = new Delivery({ store, transports: [transport], log, baseDelayMs: 20, maxDelayMs: 100 });
  const kev = new Kev({
    store,
    policy: DEFAULT_POLICY,
    parser,
    draft: (text) => ({ title: text.slice(0, 80), body: text, type: 'research', agent: 'Scout' }),
    owners: { telegram: new Set([String(OWNER.id)]) },
    configured: new Set(),
    timezone: 'UTC',
    budget: { dailyUsd: 5, taskUsd: 1 },
    maxMessageBytes: 1_000_000,
    log,
    changed: new Changed().on(() => delivery.kick()),
  });
  await kev.replayUnhandled('telegram', (ref) => transport.voiceFromRef(ref));
  await transport.start((incoming, receipt) => kev.handle(incoming, receipt));
  delivery.kick();
  let stopped: Promise<void> | undefined;
  return {
    store,
    kev,
    delivery,
    transport,
    parser,
    logText: () => logged,
    stop: () => {
      stopped ??= (async () => {
        await transport.stop();
        await delivery.stop();
        store.close();
      })();
      return stopped;
    },
  };
}

/** The bot's messages in the owner's chat, oldest first. */
export function ownerChat(fake: FakeBotApi): BotMessage[] {
  return fake.world.messages(OWNER.id);
}

/** Sends a text as `from` and waits for the bot's next message in that chat. */
export async function say(fake: FakeBotApi, text: string, from: FakeUser = OWNER): Promise<BotMessage> {
  const before = fake.world.messages(from.id).length;
  fake.world.userText(from, text);
  return fake.waitFor(() => fake.world.messages(from.id)[before], `a reply to “${text.slice(0, 40)}”`);
}

/** Taps the button labelled `label` under `message` and waits for the tap's answer. */
export async function tap(
  fake: FakeBotApi,
  message: BotMessage,
  label: string,
  from: FakeUser = OWNER,
): Promise<{ queryId: string; answer: string | undefined }> {
  const button = message.buttons.flat().find((b) => b.text === label);
  if (!button) throw new Error(`no button “${label}” under message ${message.message_id}`);
  const { queryId } = fake.world.userTap(from, message, button.data);
  const call = await fake.waitFor(
    () =>
      fake
        .callsTo('answerCallbackQuery')
        .find((c) => c.params.callback_query_id === queryId && c.status === 200),
    `the answer to tap ${queryId}`,
  );
  return { queryId, answer: call.params.text as string | undefined };
}

/** Puts a finished task in review and sends its review request to the owner. */
export function sendReview(stack: Stack, result = 'Qdrant, Weaviate and pgvector lead.'): TaskRow {
  const chat = { platform: 'telegram', chatId: String(OWNER.id) };
  const task = stack.store.tasks.create({
    title: 'Compare vector databases',
    type: 'research',
    agent: 'Scout',
    ...chat,
  });
  stack.store.tasks.claim('worker', 60_000);
  const done = stack.store.tasks.complete(task.id, 'worker', result);
  stack.kev.notify(chat, reviewRequest(done));
  return done;
}
