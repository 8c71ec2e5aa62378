import { LRUCache } from 'lru-cache';

export interface RequestRateLimit {
  /** Requests per second a principal may make, sustained. */
  perSecond: number;
  /** Requests a principal may make at once after being idle (the bucket's size). */
  burst: number;
}

export interface RequestRateLimiterOptions extends RequestRateLimit {
  /**
   * Principals whose buckets are kept; the least recently seen beyond this are forgotten (an idle bucket is full
   * anyway, so forgetting one only ever forgives a principal that has gone quiet). This bounds memory whatever
   * number of keys arrives.
   */
  maxPrincipals: number;
  /** The clock, in ms; tests pass their own. */
  now?: () => number;
}

/** The injection token of the per-API-key limiter of a service (one instance per process). */
export const API_KEY_RATE_LIMITER = Symbol('API_KEY_RATE_LIMITER');

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per principal (an API key, an ingest token): `perSecond` tokens refill continuously up to
 * `burst`; each request takes one, and a request that finds none is refused with the time until one will be
 * there. A refused request takes nothing, so a client that waits `Retry-After` gets through. The buckets live
 * in this process only: with several replicas, a principal gets up to replicas × the limit.
 */
export class RequestRateLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly now: () => number;

  constructor(private readonly options: RequestRateLimiterOptions) {
    if (!(options.perSecond > 0) || !(options.burst >= 1)) {
      throw new Error('a request rate limit needs perSecond > 0 and burst >= 1');
    }
    this.buckets = new LRUCache<string, Bucket>({ max: options.maxPrincipals });
    this.now = options.now ?? Date.now;
  }

  get limit(): RequestRateLimit {
    return { perSecond: this.options.perSecond, burst: this.options.burst };
  }

  /** Principals currently tracked (never more than `maxPrincipals`). */
  get size(): number {
    return this.buckets.size;
  }

  take(principal: string): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(principal) ?? { tokens: this.options.burst, updatedAt: now };
    const elapsedMs = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(
      this.options.burst,
      bucket.tokens + (elapsedMs / 1_000) * this.options.perSecond,
    );
    bucket.updatedAt = now;
    this.buckets.set(principal, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterMs: Math.ceil(((1 - bucket.tokens) / this.options.perSecond) * 1_000),
    };
  }
}
