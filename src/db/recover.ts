// What a process that died left behind, put right at start-up before anything can start a call:
// model calls left "running" are closed uncharged, and tasks whose lease expired go back to ready
// (or fail after their last attempt), at once when their holder was a Kev process that is gone.

import { holderDead } from '../shared/lease-holder.js';
import type { Logger } from '../shared/log.js';
import type { Store } from './index.js';

export function recoverAfterCrash(store: Store, log: Pick<Logger, 'info'>): void {
  const interrupted = store.ledger.closeInterrupted();
  if (interrupted) log.info({ runs: interrupted }, 'closed model calls interrupted by the last stop');
  const recovered = store.tasks.recoverExpired(holderDead);
  if (recovered.length)
    log.info({ tasks: recovered.map((t) => t.id) }, 'recovered tasks whose lease expired');
}
