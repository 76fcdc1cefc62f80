// The Kev side of the transport contract: a temp store, Kev with a scripted parser, the outbox
// delivery loop and one transport, wired as the composition root wires them. The inbound handler
// is wrapped so a rig can wait for an update to be handled and hand the same update in again.

import { Delivery } from '../../src/kev/delivery.js';
import { Kev } from '../../src/kev/kev.js';
import type { ChatTransport, HandleResult, Incoming, Receipt } from '../../src/ports/chat.js';
import type { Intent, IntentParser } from '../../src/ports/intents.js';
import { DEFAULT_POLICY } from '../../src/router/policy.js';
import { Changed } from '../../src/shared/changed.js';
import { silentLogger } from '../../src/shared/log.js';
import { type TempStore, tempStore } from '../helpers/store.js';

/** "remember X" is remembered (the reply quotes X); anything else is a chat question. */
export class EchoParser implements IntentParser {
  readonly name = 'echo';
  async parse(text: string): Promise<Intent> {
    const fact = /^remember (.+)$/s.exec(text)?.[1];
    return fact ? { kind: 'remember', fact } : { kind: 'chat', question: text };
  }
}

export interface KevStack extends TempStore {
  kev: Kev;
  delivery: Delivery;
  /** Updates the handler has finished, in order, with what it answered. */
  handled: Array<{ incoming: Incoming; result: HandleResult }>;
  /** Hands an update to Kev again, exactly as the transport produced it. */
  again(incoming: Incoming): Promise<HandleResult>;
  /** Resolves once `count` updates have been handled and what they produced is delivered. */
  settle(count: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startKev(
  transport: ChatTransport,
  owners: Record<string, ReadonlySet<string>>,
  wrap: (delivery: Delivery) => void = () => {},
): Promise<KevStack> {
  const t = tempStore();
  const delivery = new Delivery({
    store: t.store,
    transports: [transport],
    log: silentLogger,
    baseDelayMs: 5,
  });
  wrap(delivery);
  const kev = new Kev({
    store: t.store,
    policy: DEFAULT_POLICY,
    parser: new EchoParser(),
    draft: (text) => ({ title: text.slice(0, 80), body: text, type: 'research', agent: 'Scout' }),
    owners,
    configured: new Set(),
    timezone: 'UTC',
    budget: { dailyUsd: 5, taskUsd: 1 },
    maxMessageBytes: 1_000_000,
    log: silentLogger,
    clock: t.clock.read,
    changed: new Changed().on(() => delivery.kick()),
  });
  const handled: KevStack['handled'] = [];
  const handler = async (incoming: Incoming, receipt?: Receipt) => {
    const result = await kev.handle(incoming, receipt);
    handled.push({ incoming, result });
    return result;
  };
  await transport.start(handler);
  let stopped: Promise<void> | undefined;
  return {
    ...t,
    kev,
    delivery,
    handled,
    again: (incoming) => kev.handle(incoming),
    async settle(count) {
      const until = Date.now() + 8000;
      while (handled.length < count) {
        if (Date.now() > until) throw new Error(`only ${handled.length} of ${count} updates were handled`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await delivery.drain();
    },
    stop() {
      stopped ??= (async () => {
        await transport.stop();
        await delivery.stop();
        t.cleanup();
      })();
      return stopped;
    },
  };
}
