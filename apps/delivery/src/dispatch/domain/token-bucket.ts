/** The burst an endpoint may receive at once: 50 ms worth of its rate (at least one request). */
const BURST_SECONDS = 0.05;

/**
 * A token bucket per endpoint: `ratePerSecond` tokens refill continuously, up to a burst of 50 ms worth, so
 * any one-second window at the receiver holds at most the rate plus that burst (5 %), which is the promise
 * the docs make ("never more than the configured rate + 10 %", the rest is slack for send-time jitter).
 * Tokens are reserved: each caller gets its own future token time, so callers that wait never share one.
 * Time is passed in, so the bucket is pure and testable.
 */
export class TokenBucket {
  /** May go negative: tokens reserved ahead of time by callers that are waiting for them. */
  private tokens: number;
  private updatedAt: number;

  constructor(
    private ratePerSecond: number,
    now: number,
  ) {
    this.tokens = this.capacity;
    this.updatedAt = now;
  }

  private get capacity(): number {
    return Math.max(1, this.ratePerSecond * BURST_SECONDS);
  }

  setRate(ratePerSecond: number): void {
    this.ratePerSecond = ratePerSecond;
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  /**
   * Reserves the next token when it is due within `maxWaitMs` and returns the ms until it is (0: now);
   * returns undefined, reserving nothing, when it is further away.
   */
  take(now: number, maxWaitMs = 0): number | undefined {
    this.refill(now);
    const waitMs = this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1_000);
    if (waitMs > maxWaitMs) return undefined;
    this.tokens -= 1;
    return waitMs;
  }

  /** Ms until a token would be free, reserving nothing (for a postponement's delay). */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1_000);
  }

  /** Gives back a reserved token that was not used (its delivery was postponed after all). */
  giveBack(): void {
    this.tokens = Math.min(this.capacity, this.tokens + 1);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed / 1_000) * this.ratePerSecond);
    this.updatedAt = now;
  }
}
