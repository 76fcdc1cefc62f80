// Board sessions, held in the server's memory: a random id in an HttpOnly, SameSite=Strict cookie,
// kept here only as its SHA-256 and compared in constant time. A restart logs the browser out;
// `kev board` prints a new login URL.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'kev_board';
export const SESSION_TTL_MS = 12 * 3_600_000;
/** More open sessions than this and the oldest goes. */
const MAX_SESSIONS = 20;

interface Session {
  hash: Buffer;
  expiresAt: number;
}

export class Sessions {
  private sessions: Session[] = [];

  constructor(private readonly clock: () => number = Date.now) {}

  /** Opens a session and returns the cookie value, once. */
  open(): string {
    const id = randomBytes(32).toString('base64url');
    this.sweep();
    this.sessions.push({ hash: digest(id), expiresAt: this.clock() + SESSION_TTL_MS });
    if (this.sessions.length > MAX_SESSIONS) this.sessions.shift();
    return id;
  }

  valid(id: string | undefined): boolean {
    if (!id || id.length > 100) return false;
    const presented = digest(id);
    const now = this.clock();
    let ok = false;
    for (const session of this.sessions) {
      if (timingSafeEqual(session.hash, presented) && session.expiresAt > now) ok = true;
    }
    return ok;
  }

  close(id: string | undefined): void {
    if (!id) return;
    const presented = digest(id);
    this.sessions = this.sessions.filter((s) => !timingSafeEqual(s.hash, presented));
  }

  private sweep(): void {
    const now = this.clock();
    this.sessions = this.sessions.filter((s) => s.expiresAt > now);
  }
}

function digest(id: string): Buffer {
  return createHash('sha256').update(id, 'utf8').digest();
}
