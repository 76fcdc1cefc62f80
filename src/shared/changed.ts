// The "something changed" signal: whoever writes work (a reply in the outbox, a task made ready, a
// merge requested) raises it once; every loop that might have work to pick up listens. It replaces
// one callback per pair of parts. The signal does not say what changed: each listener checks in
// memory whether the change concerns it (the dispatcher and the merge service compare the task
// queue's write counter, TaskQueue.version) and returns at once when not, so a reply written to the
// outbox runs no queue query.

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
