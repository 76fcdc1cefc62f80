// Long polling that never waits on Kev: each update is dispatched (recorded, then handled in the
// background) and the next getUpdates follows at once. Failures back off and retry quietly.
//
// The offset is Telegram's acknowledgement: an update below it is forgotten by Telegram. So the
// offset never passes an update Kev could not record (the disk is full: it is asked for again, with
// backoff, and a Kev killed meanwhile gets it again on restart), and before a higher offset is sent
// what was recorded is made durable (one sync for the whole batch, after its replies have left).

import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { MakeDurable } from '../ports/chat.js';
import type { Logger } from '../shared/log.js';
import { sleep } from '../shared/sleep.js';
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
  /**
   * Must return quickly: long work continues after it returns. False when the update could not be
   * recorded: the offset stays on it, so Telegram sends it (and those after it) again.
   */
  onUpdate(update: Update): Promise<boolean>;
  /** Called before an offset that confirms new updates is sent. Default: nothing to sync. */
  durable?: MakeDurable;
  /** First wait before an update Kev could not record is asked for again; doubles to 30 s. */
  recordRetryMs?: number;
}

const RECORD_RETRY_MAX_MS = 30_000;

/** Contract: start() returns at once; stop() resolves after the loop ended and the offset was confirmed. */
export class Poller {
  /** The next update wanted: every update before it is on record. */
  private offset = 0;
  /** The offset Telegram was last sent: what it has been told Kev holds. */
  private confirmed = 0;
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
    const offset = await this.confirmable();
    if (offset > this.confirmed) {
      const confirm = { offset, limit: 1, timeout: 0 };
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
    let unrecorded = 0;
    const storeBackoff = async (what: string, updateId: number) => {
      unrecorded += 1;
      const wait = Math.min((this.options.recordRetryMs ?? 500) * 2 ** (unrecorded - 1), RECORD_RETRY_MAX_MS);
      if (unrecorded === 1 || wait === RECORD_RETRY_MAX_MS)
        log.warn({ updateId, retryInMs: wait }, `${what}; Telegram keeps it and Kev asks again`);
      await sleep(wait, signal);
    };
    while (!signal.aborted) {
      let updates: Update[];
      let offset = this.confirmed;
      try {
        if (this.offset > this.confirmed) {
          // The batch's replies leave first; the sync is not on their path.
          await new Promise((resolve) => setImmediate(resolve));
          offset = await this.confirmable();
          if (offset < this.offset) {
            await storeBackoff('could not make a recorded Telegram update durable', this.offset - 1);
            continue;
          }
        }
        this.confirmed = offset;
        updates = await api.getUpdates(
          {
            offset,
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
      let held: Update | undefined;
      for (const update of updates) {
        // Sent again because the offset was held back: on record already.
        if (update.update_id < this.offset) continue;
        const recorded = await this.options.onUpdate(update).catch((error: unknown) => {
          log.error({ err: error, updateId: update.update_id }, 'dispatching a Telegram update failed');
          return true;
        });
        if (!recorded) {
          held = update;
          break;
        }
        this.offset = update.update_id + 1;
      }
      if (!held) {
        unrecorded = 0;
        continue;
      }
      // Not on record: Telegram keeps it (and those after it) until Kev can store them.
      await storeBackoff('could not record a Telegram update', held.update_id);
    }
  }

  /**
   * The offset that may be sent now: the next wanted update once what was recorded is durable, the
   * last confirmed one while it cannot be made so (the store is failing).
   */
  private async confirmable(): Promise<number> {
    if (this.offset <= this.confirmed) return this.confirmed;
    const offset = this.offset;
    try {
      await this.options.durable?.();
      return offset;
    } catch (error) {
      this.options.log.debug({ err: error }, 'could not make recorded updates durable');
      return this.confirmed;
    }
  }
}
