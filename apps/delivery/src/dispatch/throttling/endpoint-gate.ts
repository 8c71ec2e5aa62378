import { CircuitBreaker, type CircuitBreakerPolicy } from '../domain/circuit-breaker';
import { TokenBucket } from '../domain/token-bucket';

export interface EndpointGateLimits {
  concurrency: number;
  maxQueueWaitMs: number;
  maxWaiters: number;
}

/** How the attempt went, for the circuit: a response of any kind but 5xx/429/408 shows the receiver is up. */
export type AttemptHealth = 'healthy' | 'failing' | 'neutral';

export type Admission =
  | { kind: 'admitted'; release: (health: AttemptHealth) => void }
  /** The circuit is open: no request; the work goes to its retry tier, due no sooner than `retryAt`. */
  | { kind: 'circuit-open'; retryAt: number }
  /** Not an attempt: the endpoint is at its rate or concurrency limit; try again in `retryInMs`. */
  | { kind: 'postponed'; reason: 'rate_limited' | 'saturated'; retryInMs: number };

interface Waiter {
  admit: (admission: Admission) => void;
  probe: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Everything that stands between a delivery and one endpoint: the concurrency limit, the token bucket (the
 * endpoint's own rate limit) and the circuit breaker. Waiting is short and bounded: a delivery that would
 * wait longer than `maxQueueWaitMs` (or behind `maxWaiters` others, or for a receiver whose oldest request
 * is older than that) is postponed to a retry tier instead, so a slow endpoint never holds up the partition.
 */
export class EndpointGate {
  private readonly breaker: CircuitBreaker;
  private bucket?: TokenBucket;
  private readonly inFlight = new Map<number, number>();
  private readonly waiters: Waiter[] = [];
  private nextPermit = 0;
  /**
   * When an attempt last ended without counting against the circuit (an answer that was not a failure), so a
   * busy endpoint is not taken for a stuck one. Timeouts do not count: they are what a stuck one produces.
   */
  private lastAnsweredAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limits: EndpointGateLimits,
    circuit: CircuitBreakerPolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.breaker = new CircuitBreaker(circuit);
  }

  /** Applies the endpoint's current rate limit (null: unlimited). */
  setRateLimit(ratePerSecond: number | null): void {
    if (ratePerSecond === null) this.bucket = undefined;
    else if (this.bucket === undefined) this.bucket = new TokenBucket(ratePerSecond, this.now());
    else this.bucket.setRate(ratePerSecond);
  }

  get active(): number {
    return this.inFlight.size;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  async acquire(): Promise<Admission> {
    const now = this.now();
    const pass = this.breaker.tryPass(now);
    if (pass === 'blocked') return this.circuitOpen();
    const probe = pass === 'probe';
    const tokenWait = this.bucket?.take(now) ?? 0;
    if (tokenWait > this.limits.maxQueueWaitMs) {
      if (probe) this.breaker.releaseProbe();
      return { kind: 'postponed', reason: 'rate_limited', retryInMs: tokenWait };
    }
    if (tokenWait > 0) await new Promise((resolve) => setTimeout(resolve, tokenWait));
    if (this.inFlight.size < this.limits.concurrency && this.waiters.length === 0) return this.admit(probe);
    if (this.waiters.length >= this.limits.maxWaiters || this.isStuck()) return this.postponeSaturated(probe);
    return new Promise<Admission>((resolve) => {
      const waiter: Waiter = { admit: resolve, probe };
      waiter.timer = setTimeout(() => {
        this.removeWaiter(waiter);
        resolve(this.postponeSaturated(probe));
      }, this.limits.maxQueueWaitMs);
      this.waiters.push(waiter);
    });
  }

  private admit(probe: boolean): Admission {
    const permit = this.nextPermit++;
    this.inFlight.set(permit, this.now());
    let released = false;
    return {
      kind: 'admitted',
      release: (health) => {
        if (released) return;
        released = true;
        this.inFlight.delete(permit);
        if (health !== 'failing') this.lastAnsweredAt = this.now();
        this.record(health, probe);
        this.admitNext();
      },
    };
  }

  private record(health: AttemptHealth, probe: boolean): void {
    if (health === 'healthy') this.breaker.recordSuccess();
    else if (health === 'failing') {
      if (this.breaker.recordFailure(this.now(), probe)) this.rejectWaiters();
    } else if (probe) this.breaker.releaseProbe();
  }

  private admitNext(): void {
    while (this.waiters.length > 0 && this.inFlight.size < this.limits.concurrency) {
      const waiter = this.waiters.shift();
      if (waiter === undefined) return;
      clearTimeout(waiter.timer);
      const open = !waiter.probe && this.breaker.state(this.now()) !== 'closed';
      waiter.admit(open ? this.circuitOpen() : this.admit(waiter.probe));
    }
  }

  /** The circuit just opened: nobody waits on this receiver any longer. */
  private rejectWaiters(): void {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      if (waiter.probe) this.breaker.releaseProbe();
      waiter.admit(this.circuitOpen());
    }
  }

  private removeWaiter(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }

  /**
   * Every slot taken, the oldest request has been open longer than anyone may wait, and nothing was answered
   * for that long either: the receiver is not answering, so don't queue. An endpoint that keeps answering is
   * busy, not stuck (under a backlog our own queueing makes requests old); its waiters still give up after
   * `maxQueueWaitMs`.
   */
  private isStuck(): boolean {
    if (this.inFlight.size < this.limits.concurrency) return false;
    const now = this.now();
    if (now - this.lastAnsweredAt <= this.limits.maxQueueWaitMs) return false;
    const oldest = this.inFlight.values().next();
    return !oldest.done && now - oldest.value > this.limits.maxQueueWaitMs;
  }

  private postponeSaturated(probe: boolean): Admission {
    if (probe) this.breaker.releaseProbe();
    return { kind: 'postponed', reason: 'saturated', retryInMs: Math.max(this.limits.maxQueueWaitMs, 100) };
  }

  private circuitOpen(): Admission {
    return { kind: 'circuit-open', retryAt: this.breaker.reopensAt() ?? this.now() };
  }
}
