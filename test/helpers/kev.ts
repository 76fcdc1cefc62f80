// Builds a Kev core over a temp store with an in-memory transport that records what it is sent.

import { Delivery } from '../../src/kev/delivery.js';
import { Kev } from '../../src/kev/kev.js';
import type { PipelinePlan } from '../../src/kev/pipeline/index.js';
import {
  type ChatTransport,
  type DeliveryReceipt,
  type Incoming,
  type OutgoingMessage,
  UNPACED,
} from '../../src/ports/chat.js';
import type { Intent, IntentParser } from '../../src/ports/intents.js';
import type { Provider } from '../../src/router/catalogue.js';
import { DEFAULT_POLICY } from '../../src/router/policy.js';
import { Changed } from '../../src/shared/changed.js';
import { type Logger, silentLogger } from '../../src/shared/log.js';
import { type TempStore, tempStore } from './store.js';

export class MemoryTransport implements ChatTransport {
  readonly capabilities = { edit: true, buttons: true };
  readonly pacing = UNPACED;
  readonly sent: Array<{ chatId: string; message: OutgoingMessage; id: string }> = [];
  readonly edits: Array<{ chatId: string; externalId: string; message: OutgoingMessage }> = [];
  /** Make the next sends fail with this error. */
  failures: Error[] = [];
  private n = 0;

  constructor(readonly platform = 'memory') {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(chatId: string, message: OutgoingMessage): Promise<DeliveryReceipt> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const id = String(++this.n);
    this.sent.push({ chatId, message, id });
    return { externalId: id };
  }
  async edit(chatId: string, externalId: string, message: OutgoingMessage): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.edits.push({ chatId, externalId, message });
  }
  texts(): string[] {
    return this.sent.map((s) => s.message.text);
  }
  last(): OutgoingMessage {
    const item = this.sent.at(-1);
    if (!item) throw new Error('nothing was sent');
    return item.message;
  }
}

/** A parser that answers from a script: for tests of the core, not of the rules. */
export class ScriptedParser implements IntentParser {
  readonly name = 'scripted';
  readonly seen: string[] = [];
  constructor(private readonly answer: (text: string) => Intent) {}
  async parse(text: string): Promise<Intent> {
    this.seen.push(text);
    return this.answer(text);
  }
}

export interface KevHarness extends TempStore {
  kev: Kev;
  transport: MemoryTransport;
  delivery: Delivery;
  /** Sends a text as the owner and waits until the replies are delivered. */
  say(text: string, messageId?: string): Promise<OutgoingMessage[]>;
  tap(promptId: number, index: number): Promise<{ toast?: string; replies: OutgoingMessage[] }>;
}

let counter = 0;

export function kevHarness(
  options: {
    parser?: IntentParser;
    owners?: string[];
    configured?: Provider[];
    maxMessageBytes?: number;
    pipelinePlan?: PipelinePlan;
    log?: Logger;
  } = {},
): KevHarness {
  const t = tempStore();
  const transport = new MemoryTransport();
  const delivery = new Delivery({
    store: t.store,
    transports: [transport],
    log: options.log ?? silentLogger,
    baseDelayMs: 5,
  });
  const kev = new Kev({
    store: t.store,
    policy: DEFAULT_POLICY,
    parser: options.parser ?? new ScriptedParser((text) => ({ kind: 'chat', question: text })),
    draft: (text) => ({ title: text.slice(0, 80), body: text, type: 'research', agent: 'Scout' }),
    owners: { memory: new Set(options.owners ?? ['owner']) },
    configured: new Set(options.configured ?? []),
    timezone: 'UTC',
    budget: { dailyUsd: 5, taskUsd: 1 },
    maxMessageBytes: options.maxMessageBytes ?? 1_000_000,
    log: options.log ?? silentLogger,
    clock: t.clock.read,
    changed: new Changed().on(() => delivery.kick()),
    ...(options.pipelinePlan ? { pipelinePlan: options.pipelinePlan } : {}),
  });
  const base = {
    platform: 'memory',
    chatId: 'c1',
    userId: options.owners?.[0] ?? 'owner',
    chatType: 'private' as const,
  };
  return {
    ...t,
    kev,
    transport,
    delivery,
    async say(text, messageId = `m${++counter}`) {
      const before = transport.sent.length;
      await kev.handle({ ...base, kind: 'text', text, messageId });
      await delivery.drain();
      return transport.sent.slice(before).map((s) => s.message);
    },
    async tap(promptId, index) {
      const before = transport.sent.length;
      const result = await kev.handle({
        ...base,
        kind: 'choice',
        promptId,
        index,
        messageId: `cb${++counter}`,
      } as Incoming);
      await delivery.drain();
      return {
        ...(result.toast ? { toast: result.toast } : {}),
        replies: transport.sent.slice(before).map((s) => s.message),
      };
    },
    cleanup() {
      void delivery.stop();
      t.cleanup();
    },
  };
}
