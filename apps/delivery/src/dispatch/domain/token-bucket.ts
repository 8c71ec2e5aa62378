/**
 * A token bucket per endpoint: `ratePerSecond` tokens refill continuously, up to a burst of one second's
 * worth. Time is passed in, so the bucket is pure and testable.
 */
export class TokenBucket {
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
    return Math.max(1, this.ratePerSecond);
  }

  setRate(ratePerSecond: number): void {
    this.ratePerSecond = ratePerSecond;
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  /** Takes a token if one is there (returns 0) or says how many ms until one will be (takes nothing). */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1_000);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed / 1_000) * this.ratePerSecond);
    this.updatedAt = now;
  }
}
