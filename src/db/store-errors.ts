// Telling the store failing (disk full, db locked past the busy timeout, I/O error) from a bug, for
// callers outside src/db that must not import the SQLite driver.

const STORE_CODES = /^SQLITE_(FULL|BUSY|LOCKED|IOERR|READONLY|CANTOPEN|PROTOCOL)/;

/** True for an error the SQLite driver raised because the file could not be written or locked. */
export function isStoreFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORE_CODES.test(code);
}

/**
 * For `insert … returning` run with `.all()`, never `.get()`: better-sqlite3's get() resets the
 * statement without checking the result, so when the autocommit's COMMIT fails (disk full) the
 * row is silently gone while the call seemed to succeed. all() steps to the end and throws.
 */
export function noRow(): never {
  throw new Error('the statement returned no row');
}
