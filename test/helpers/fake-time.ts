// A fake clock and timer for the scheduler: time moves only when a test says so, timers fire in
// order at their due time (advance) or late all at once (sleep: the laptop lid was closed).

import type { Timer } from '../../src/kev/schedules/scheduler.js';

interface Pending {
  id: number;
  at: number;
  fn: () => unknown;
}

export class FakeTime implements Timer {
  private pending: Pending[] = [];
  private n = 0;
  constructor(public now: number) {}

  readonly read = () => this.now;

  set(fn: () => unknown, ms: number): unknown {
    const id = ++this.n;
    this.pending.push({ id, at: this.now + ms, fn });
    return id;
  }

  clear(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }

  get armed(): number {
    return this.pending.length;
  }

  /** Moves to `to`, firing every timer on time (and those they arm) and awaiting each. */
  async advanceTo(to: number): Promise<void> {
    for (;;) {
      const next = this.pending.filter((p) => p.at <= to).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.pending = this.pending.filter((p) => p !== next);
      this.now = Math.max(this.now, next.at);
      await next.fn();
    }
    this.now = to;
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.now + ms);
  }

  /** The machine sleeps for `ms`: no timer fires meanwhile; on waking, the due ones fire late. */
  async sleep(ms: number): Promise<void> {
    this.now += ms;
    const due = this.pending.filter((p) => p.at <= this.now);
    this.pending = this.pending.filter((p) => p.at > this.now);
    for (const p of due) await p.fn();
  }
}
