/** How fast one key (a client address, a conversation) may go: a burst of `burst`, then `perSecond` on average. */
export interface RateRule {
  burst: number;
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per key. The map is bounded (least recently used keys go first), so a flood of new keys
 * costs memory once, not forever; a dropped key starts again with a full bucket.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rule: RateRule,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one go for `key`: 0 when allowed, otherwise the whole seconds to wait (for Retry-After). */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.rule.burst, at: now };
    bucket.tokens = Math.min(this.rule.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rule.perSecond);
    bucket.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.trim();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.rule.perSecond));
  }

  private trim(): void {
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) return;
      this.buckets.delete(oldest);
    }
  }
}

/** The limits of the local Direct Line endpoint. Hard-coded: generous for people, tight for scripts. */
export const DIRECT_LINE_RATES = {
  /** Tokens minted or refreshed per client address: a few page loads and sign-ins a minute. */
  tokensPerAddress: { burst: 30, perSecond: 0.5 },
  /** Activities posted per conversation: faster than anyone types or clicks. */
  postsPerConversation: { burst: 20, perSecond: 2 },
  /** Activities posted per client address, all its conversations together. */
  postsPerAddress: { burst: 100, perSecond: 10 },
} satisfies Record<string, RateRule>;
