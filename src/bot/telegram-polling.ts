// Long polling that never waits on Kev: each update is dispatched (recorded, then handled in the
// background) and the next getUpdates follows at once. Failures back off and retry quietly; the
// offset is confirmed on stop, and an update redelivered after a crash is dropped by Kev's dedupe.

import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../shared/log.js';
import { describeTelegramError, retryAfterMs } from './telegram-errors.js';

/** grammY types its signals with the abort-controller package; Node's own AbortSignal is what it gets. */
type ApiSignal = Parameters<Api['getUpdates']>[1];

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export function backoffMs(failures: number, backoff: Backoff): number {
  return Math.min(backoff.baseMs * 2 ** Math.max(0, failures - 1), backoff.maxMs);
}

/** Resolves after ms, or at once when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** Runs task until it succeeds or the signal aborts, backing off between failures. */
export async function retryUntilDone(
  task: () => Promise<void>,
  options: { what: string; backoff: Backoff; signal: AbortSignal; log: Logger; token: string },
): Promise<void> {
  for (let failures = 1; !options.signal.aborted; failures++) {
    try {
      await task();
      return;
    } catch (error) {
      const wait = retryAfterMs(error) ?? backoffMs(failures, options.backoff);
      const reason = describeTelegramError(error, options.token);
      options.log.warn({ reason, retryInMs: wait }, `${options.what} failed; retrying`);
      await sleep(wait, options.signal);
    }
  }
}

export interface PollerOptions {
  api: Api;
  token: string;
  timeoutSeconds: number;
  allowedUpdates: ReadonlyArray<'message' | 'callback_query'>;
  backoff: Backoff;
  log: Logger;
  /** Set-up still owed before the first poll (it failed at start); retried with the same backoff. */
  prepare?: () => Promise<void>;
  /** Must return quickly: long work continues after it returns. */
  onUpdate(update: Update): Promise<void>;
}

/** Contract: start() returns at once; stop() resolves after the loop ended and the offset was confirmed. */
export class Poller {
  private offset = 0;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: PollerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends polling and confirms the updates received so far. */
  async stop(): Promise<void> {
    if (!this.loop || this.abort.signal.aborted) return;
    this.abort.abort();
    await this.loop;
    if (this.offset > 0) {
      const confirm = { offset: this.offset, limit: 1, timeout: 0 };
      await this.options.api
        .getUpdates(confirm, AbortSignal.timeout(3000) as ApiSignal)
        .catch((error: unknown) => {
          this.options.log.debug(
            { reason: describeTelegramError(error, this.options.token) },
            'could not confirm the last updates',
          );
        });
    }
  }

  private async run(): Promise<void> {
    const { api, log, backoff, token } = this.options;
    const signal = this.abort.signal;
    if (this.options.prepare) {
      await retryUntilDone(this.options.prepare, { what: 'Telegram set-up', backoff, signal, log, token });
    }
    let failures = 0;
    while (!signal.aborted) {
      let updates: Update[];
      try {
        updates = await api.getUpdates(
          {
            offset: this.offset,
            timeout: this.options.timeoutSeconds,
            limit: 100,
            allowed_updates: [...this.options.allowedUpdates],
          },
          signal as ApiSignal,
        );
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        const wait = retryAfterMs(error) ?? backoffMs(failures, backoff);
        const reason = describeTelegramError(error, token);
        // One warning per outage, not one per attempt.
        if (failures === 1)
          log.warn({ reason, retryInMs: wait }, 'polling Telegram failed; retrying until it answers');
        else log.debug({ reason, attempt: failures, retryInMs: wait }, 'polling Telegram failed again');
        await sleep(wait, signal);
        continue;
      }
      if (failures > 0) log.info({ failedAttempts: failures }, 'Telegram answers again');
      failures = 0;
      for (const update of updates) {
        this.offset = update.update_id + 1;
        await this.options.onUpdate(update).catch((error: unknown) => {
          log.error({ err: error, updateId: update.update_id }, 'dispatching a Telegram update failed');
        });
      }
    }
  }
}
