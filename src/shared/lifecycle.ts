// Start and stop in the right order, once: replay what a crash left, start the transports, then the
// loops; on stop (a signal, the console's end of input, or stop()), the transports first, then the
// loops in order, then the store. A stop while one is under way joins it.

import type { ChatTransport, InboundHandler } from '../ports/chat.js';
import type { Logger } from './log.js';

/** A loop the root starts after the transports and stops after them (scheduler, dispatcher, merges, delivery). */
export interface Loop {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export interface LifecycleParts {
  log: Logger;
  transports: ChatTransport[];
  handler: InboundHandler;
  /** Handles the updates of a platform that were recorded but never finished. */
  replay(platform: string): Promise<unknown>;
  loops: Loop[];
  /** Delivers what is due, before a stop at the end of input. */
  drain(): Promise<void>;
  close(): void;
}

export interface Lifetime {
  /** Resolves once everything has stopped. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function runUntilStopped(parts: LifecycleParts): Promise<Lifetime> {
  const { log, transports, loops } = parts;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.all(
        transports.map((t) => t.stop().catch((err) => log.warn({ err }, 'transport stop failed'))),
      );
      for (const loop of loops) await loop.stop();
      parts.close();
      log.info('Kev stopped');
      resolveDone();
    })();
    return stopping;
  };

  for (const transport of transports) await parts.replay(transport.platform);
  for (const transport of transports) await transport.start(parts.handler);
  for (const loop of loops) await loop.start();
  log.info({ transports: transports.map((t) => t.platform) }, 'Kev started');
  for (const transport of transports) {
    // The console's input ended: deliver what is left, then stop.
    void transport.closed?.then(async () => {
      await parts.drain();
      await stop();
    });
  }
  return { done, stop };
}
