// One-time login tokens for the board. `kev board` (its own process) issues one and prints it;
// the running server consumes it once. Only the SHA-256 of a token is stored, never the token.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Db } from './connection.js';
import type { Clock } from './queue.js';
import { boardTokens } from './schema.js';

/** A printed login URL is good for this long. */
export const LOGIN_TOKEN_TTL_MS = 10 * 60_000;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export class BoardTokens {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = Date.now,
  ) {}

  /** Creates a token and returns it in clear, once; old and used tokens are swept. */
  issue(ttlMs = LOGIN_TOKEN_TTL_MS): string {
    const token = randomBytes(32).toString('base64url');
    const at = this.clock();
    this.db.transaction((tx) => {
      tx.delete(boardTokens)
        .where(or(lt(boardTokens.expiresAt, at), lt(boardTokens.usedAt, at - 86_400_000)))
        .run();
      tx.insert(boardTokens)
        .values({ hash: hashToken(token).toString('hex'), expiresAt: at + ttlMs, createdAt: at })
        .run();
    });
    return token;
  }

  /**
   * Marks a token used and says whether it was valid: unknown, expired and used tokens all fail.
   * The hashes of the open tokens are compared in constant time, never looked up by the token.
   */
  consume(token: string): boolean {
    if (!token || token.length > 200) return false;
    const presented = hashToken(token);
    const at = this.clock();
    return this.db.transaction((tx) => {
      const open = tx
        .select()
        .from(boardTokens)
        .where(and(isNull(boardTokens.usedAt), gt(boardTokens.expiresAt, at)))
        .all();
      let match: number | undefined;
      for (const row of open) {
        if (timingSafeEqual(Buffer.from(row.hash, 'hex'), presented)) match = row.id;
      }
      if (match === undefined) return false;
      const used = tx
        .update(boardTokens)
        .set({ usedAt: at })
        .where(and(eq(boardTokens.id, match), isNull(boardTokens.usedAt)))
        .run();
      return used.changes === 1;
    });
  }
}
