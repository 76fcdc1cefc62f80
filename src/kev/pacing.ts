// Token buckets for the delivery loop: per chat and per platform, fed by an injectable clock.
// take() either spends a token now (0) or says how long until one is there; it never sleeps, so a
// chat waiting for its turn never holds back the delivery of another chat.

import type { Pacing, RateLimit } from '../ports/chat.js';
import type { Clock } from '../ports/clock.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Tokens after refilling since `at`, capped at the burst. */
function refill(bucket: Bucket, limit: RateLimit, now: number): Bucket {
  const tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) / limit.intervalMs);
  return { tokens, at: now };
}

export class Pacer {
  private readonly chats = new Map<string, Bucket>();
  private readonly platforms = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  /**
   * Ms to wait before the chat may be sent to (0: a token was spent, send now). A full bucket is
   * forgotten, so memory grows with the chats being paced, not with every chat ever seen.
   */
  take(platform: string, chatId: string, pacing: Pacing): number {
    const now = this.clock();
    const key = `${platform}\0${chatId}`;
    const chat = this.peek(this.chats, key, pacing.perChat, now);
    const global = pacing.global ? this.peek(this.platforms, platform, pacing.global, now) : undefined;
    const chatWait = wait(chat, pacing.perChat);
    const globalWait = global && pacing.global ? wait(global, pacing.global) : 0;
    if (chatWait > 0 || globalWait > 0) return Math.max(chatWait, globalWait);
    if (chat && pacing.perChat.intervalMs > 0) this.chats.set(key, { tokens: chat.tokens - 1, at: now });
    if (global && pacing.global) this.platforms.set(platform, { tokens: global.tokens - 1, at: now });
    return 0;
  }

  /** Ms until the platform as a whole may send again (0: now). */
  globalWait(platform: string, pacing: Pacing): number {
    if (!pacing.global) return 0;
    return wait(this.peek(this.platforms, platform, pacing.global, this.clock()), pacing.global);
  }

  /** Chats currently held in memory (for tests and the bench). */
  get tracked(): number {
    return this.chats.size;
  }

  private peek(map: Map<string, Bucket>, key: string, limit: RateLimit, now: number): Bucket | undefined {
    if (limit.intervalMs <= 0) return undefined;
    const bucket = refill(map.get(key) ?? { tokens: limit.burst, at: now }, limit, now);
    if (bucket.tokens >= limit.burst) map.delete(key);
    else map.set(key, bucket);
    return bucket;
  }
}

function wait(bucket: Bucket | undefined, limit: RateLimit): number {
  if (!bucket || bucket.tokens >= 1) return 0;
  return Math.ceil((1 - bucket.tokens) * limit.intervalMs);
}
