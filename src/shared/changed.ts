// The "something changed" signal: whoever writes work (a reply in the outbox, a task made ready, a
// merge requested) raises it once; every loop that might have work to pick up listens. It replaces
// one callback per pair of parts.

export class Changed {
  private readonly listeners: Array<() => void> = [];

  /** Adds a listener (typically a loop's kick); it must not throw and must return at once. */
  on(listener: () => void): this {
    this.listeners.push(listener);
    return this;
  }

  emit(): void {
    for (const listener of this.listeners) listener();
  }
}
