// When Kev's writes reach the disk. Every commit runs at `synchronous = NORMAL` in WAL mode: it is
// atomic and survives Kev being killed (it sits in the WAL, in the OS's cache), but a power cut or
// a kernel crash may lose the last commits since the WAL was last synced. So the WAL is synced
// (one fsync, through one small commit at `synchronous = FULL`, which syncs every frame before it)
// at the moments that matter: before a platform is told an update was received (Telegram forgets
// it then), before money is spent, when Kev closes, and a moment after any other change. A reply
// thus never waits on the disk, and a message is one fsync however many commits it takes.
//
// Where the caller can wait (the poller before its next getUpdates), flush() syncs the WAL file
// with an fsync on Node's thread pool instead: fsync covers every write made to the file, through
// any descriptor, and every commit not yet checkpointed is in the WAL (a checkpoint at NORMAL syncs
// the WAL before and the database after itself), so the event loop goes on serving meanwhile.

import { closeSync, fsync, openSync } from 'node:fs';
import type Database from 'better-sqlite3';

/** The pragmas every connection of Kev's runs with (the bench's raw floor reads them from here). */
export const PRAGMAS = ['journal_mode = WAL', 'foreign_keys = ON', 'synchronous = NORMAL'] as const;

/** How soon after a change the WAL is synced when nothing asked for it sooner. */
export const SYNC_SOON_MS = 200;

export class Durability {
  /** sqlite3_total_changes() at the last sync: nothing to sync while it is unchanged. */
  private syncedChanges: number;
  private readonly changes;
  private readonly mark;
  private timer: NodeJS.Timeout | undefined;
  /** A read-only descriptor of the -wal file, opened on the first flush. */
  private wal: number | undefined;
  private flushing: Promise<void> | undefined;
  syncs = 0;

  constructor(private readonly client: Database.Database) {
    this.changes = client.prepare('select total_changes() as n').pluck();
    this.mark = client.prepare(
      "insert into settings (key, value, updated_at) values ('durable_at', ?, ?) " +
        'on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at',
    );
    this.syncedChanges = this.changes.get() as number;
  }

  /**
   * Makes every commit so far survive a power cut; one fsync, or nothing when nothing changed.
   * Throws what the store throws (disk full): the caller must not confirm anything then.
   */
  sync(): void {
    // Never from inside a transaction (nothing of it is committed yet): the commit asks again.
    if (!this.client.open) return;
    if (this.client.inTransaction) {
      this.soon();
      return;
    }
    const now = this.changes.get() as number;
    if (now === this.syncedChanges) return;
    this.client.pragma('synchronous = FULL');
    try {
      const at = Date.now();
      this.mark.run(JSON.stringify(at), at);
    } finally {
      this.client.pragma('synchronous = NORMAL');
    }
    this.syncedChanges = this.changes.get() as number;
    this.syncs += 1;
  }

  /**
   * sync() without blocking: the WAL file is fsynced on the thread pool. Concurrent calls share one
   * fsync (a call during one waits for the next, which covers its commits). Rejects on I/O errors.
   */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    if (!this.client.open) return;
    const now = this.changes.get() as number;
    if (now === this.syncedChanges) return;
    const wal = this.walFd();
    if (wal === undefined) return this.sync();
    this.flushing = new Promise<void>((resolve, reject) =>
      fsync(wal, (error) => (error ? reject(error) : resolve())),
    );
    try {
      await this.flushing;
      if (now > this.syncedChanges) this.syncedChanges = now;
      this.syncs += 1;
    } finally {
      this.flushing = undefined;
    }
  }

  private walFd(): number | undefined {
    if (this.wal !== undefined || this.client.memory) return this.wal;
    try {
      this.wal = openSync(`${this.client.name}-wal`, 'r');
    } catch {
      // No WAL file (yet): flush falls back to sync().
    }
    return this.wal;
  }

  /** Syncs a moment from now (once, however often it is asked): bounds what a power cut can take. */
  soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.sync();
      } catch {
        // The store is failing (disk full); the next change asks again, and acknowledgements wait.
      }
    }, SYNC_SOON_MS);
    this.timer.unref();
  }

  /** Before the connection closes: nothing left unsynced, no timer left behind. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.wal !== undefined) closeSync(this.wal);
    this.wal = undefined;
    try {
      this.sync();
    } catch {
      // Closing on a failing disk: what was committed is in the WAL; SQLite's own close retries.
    }
  }
}
