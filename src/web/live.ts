// The live-update hub: while a browser listens, it reads the store's change mark every interval
// and tells every open page (over server-sent events) that something moved; pages then fetch
// their own fresh content. One timer for all listeners; none when nobody listens.

import type { ChangeMark } from '../db/index.js';

type Listener = (version: number) => void;

export interface LiveOptions {
  mark(): ChangeMark;
  intervalMs?: number;
}

export class LiveHub {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private last = '';
  private version = 0;

  constructor(private readonly options: LiveOptions) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.last = this.read();
      this.timer = setInterval(() => this.poll(), this.options.intervalMs ?? 1000);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Checks at once (after a write Kev knows about) instead of waiting for the next tick. */
  poll(): void {
    if (this.listeners.size === 0) return;
    const mark = this.read();
    if (mark === this.last) return;
    this.last = mark;
    this.version++;
    for (const listener of this.listeners) listener(this.version);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private read(): string {
    try {
      const m = this.options.mark();
      return `${m.events}:${m.runs}:${m.outbox}:${m.changes}`;
    } catch {
      return this.last; // the store closed under us (shutdown): nothing to report
    }
  }
}
