// Kev on WhatsApp for end-to-end tests: the real pieces (a temp SQLite store, Kev, the outbox
// delivery loop, the Baileys transport) against crabline, with small timings and a log in memory.

import { Writable } from 'node:stream';
import { type WhatsAppOptions, WhatsAppTransport } from '../../../src/bot/whatsapp.js';
import { openStore, type Store, type TaskRow } from '../../../src/db/index.js';
import { RulesParser } from '../../../src/intents/rules.js';
import { Delivery } from '../../../src/kev/delivery.js';
import { Kev } from '../../../src/kev/kev.js';
import { reviewRequest } from '../../../src/kev/review.js';
import type { Transcribe } from '../../../src/ports/chat.js';
import type { IntentParser } from '../../../src/ports/intents.js';
import { DEFAULT_POLICY } from '../../../src/router/policy.js';
import { createLogger } from '../../../src/shared/log.js';
import { OWNER_JID, OWNER_NUMBER } from './crabline.js';

export interface WhatsAppStack {
  store: Store;
  kev: Kev;
  transport: WhatsAppTransport;
  logText(): string;
  stop(): Promise<void>;
}

export async function startWhatsAppStack(options: {
  file: string;
  url: string;
  parser?: IntentParser;
  /** The transcriber, made over the stack's store (so its ledger rows land there). */
  transcribe?: (store: Store) => Transcribe;
  transport?: Partial<WhatsAppOptions>;
  /** Wait for the socket to open before returning (a fake socket is opened by the test). */
  waitOpen?: boolean;
}): Promise<WhatsAppStack> {
  let logged = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    },
  });
  const log = createLogger({ level: 'debug', secrets: [], stream });
  const store = openStore(options.file);
  const transport = new WhatsAppTransport({
    ownerNumber: OWNER_NUMBER,
    rows: store.whatsapp,
    log,
    waWebSocketUrl: options.url,
    minIntervalMs: 0,
    backoff: { baseMs: 50, maxMs: 200 },
    stopGraceMs: 2000,
    ...(options.transcribe ? { transcribe: options.transcribe(store) } : {}),
    ...options.transport,
  });
  const delivery = new Delivery({ store, transports: [transport], log, baseDelayMs: 50, maxDelayMs: 200 });
  const kev = new Kev({
    store,
    policy: DEFAULT_POLICY,
    parser: options.parser ?? new RulesParser(DEFAULT_POLICY.routes),
    draft: (text) => ({ title: text.slice(0, 80), body: text, type: 'research', agent: 'Scout' }),
    owners: { whatsapp: new Set([OWNER_NUMBER]) },
    configured: new Set(),
    timezone: 'UTC',
    budget: { dailyUsd: 5, taskUsd: 1 },
    maxMessageBytes: 1_000_000,
    log,
    changed: { emit: () => delivery.kick() },
  });
  await kev.replayUnhandled('whatsapp', (ref) => transport.voiceFromRef(ref));
  await transport.start((incoming, receipt) => kev.handle(incoming, receipt));
  if (options.waitOpen !== false) await transport.whenOpen();
  delivery.kick();
  let stopped: Promise<void> | undefined;
  return {
    store,
    kev,
    transport,
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

/** Puts a finished task in review and sends its review request to the owner. */
export function sendReview(stack: WhatsAppStack, result = 'Qdrant, Weaviate and pgvector lead.'): TaskRow {
  const chat = { platform: 'whatsapp', chatId: OWNER_JID };
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
