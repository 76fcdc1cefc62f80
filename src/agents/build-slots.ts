// How many coding sessions run at once. The dispatcher claims a build task only while a build slot
// is free (the rest wait in ready); the semaphore caps the CLI processes themselves, which also
// covers a non-build task that climbs onto a CLI rung (a quick fix escalated to Claude Code).

import type { Policy } from '../router/policy.js';
import { CLI_PROVIDERS } from '../router/providers.js';
import { TASK_TYPES } from '../router/task-types.js';

export { CLI_PROVIDERS };

/** Task types whose cheapest rung is a coding CLI: each one is a coding session from the start. */
export function buildTaskTypes(policy: Policy): string[] {
  return TASK_TYPES.filter((type) => {
    const first = policy.routes[type].ladder[0];
    const entry = first ? policy.catalogue[first] : undefined;
    return entry !== undefined && CLI_PROVIDERS.has(entry.provider);
  });
}

export class Semaphore {
  private used = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  get inUse(): number {
    return this.used;
  }

  /** Resolves with a release function, or undefined when `signal` aborts first. */
  async acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return undefined;
    if (this.used >= this.limit) {
      const granted = await new Promise<boolean>((resolve) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        };
        const onAbort = () => {
          this.waiting.splice(this.waiting.indexOf(grant), 1);
          resolve(false);
        };
        this.waiting.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      if (!granted) return undefined;
    } else {
      this.used += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // A waiter inherits the slot, so `used` only drops when nobody is waiting.
      if (next) next();
      else this.used -= 1;
    };
  }
}
