import { CircuitBreaker, type CircuitBreakerPolicy } from '../domain/circuit-breaker';
import { TokenBucket } from '../domain/token-bucket';

export interface EndpointGateLimits {
  concurrency: number;
  /** Longest wait for a free slot, predicted from the endpoint's own response time, before work is postponed. */
  maxQueueWaitMs: number;
  maxWaiters: number;
  /**
   * Every slot taken and no answer for this long (or four response times, if longer): the receiver is taken
   * for stuck, and its queue goes to a retry tier rather than holding the partition.
   */
  stuckAfterMs: number;
  /** The attempt timeout: a half-open circuit's probe has its answer by then at the latest. */
  attemptTimeoutMs: number;
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
}

/** Weight of the newest response time in the running estimate. */
const RESPONSE_TIME_WEIGHT = 0.2;

/**
 * Everything that stands between a delivery and one endpoint: the concurrency limit, the token bucket (the
 * endpoint's own rate limit) and the circuit breaker. Waiting is short and bounded by the endpoint's own pace:
 * a delivery waits for a slot only while the endpoint's response time says one frees within
 * `maxQueueWaitMs`, behind at most `maxWaiters` others, and while the receiver keeps answering. Otherwise it
 * is postponed to a retry tier, so a slow or hanging endpoint never holds up the partition, and a fast one
 * that is merely busy (our own backlog, not its slowness) is waited for instead of being sent round Kafka.
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
  /** Running estimate of how long an attempt takes here (undefined until one ended). */
  private responseTimeMs?: number;
  /** Re-examines the queue while deliveries wait: a receiver can stop answering while they do. */
  private reviewTimer?: NodeJS.Timeout;
  /** When the half-open circuit's probe was sent (undefined when no probe is in flight). */
  private probeStartedAt?: number;

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
    const bucket = this.bucket;
    const tokenWait = bucket === undefined ? 0 : bucket.take(now, this.limits.maxQueueWaitMs);
    if (bucket !== undefined && tokenWait === undefined) {
      if (probe) this.breaker.releaseProbe();
      return { kind: 'postponed', reason: 'rate_limited', retryInMs: bucket.waitMs(now) };
    }
    // The token is this caller's own (reserved): no other waiter is let through on it.
    if (tokenWait !== undefined && tokenWait > 0)
      await new Promise((resolve) => setTimeout(resolve, tokenWait));
    if (this.inFlight.size < this.limits.concurrency && this.waiters.length === 0) return this.admit(probe);
    if (this.isStuck()) return this.postponeSaturated(probe);
    const position = this.waiters.length + 1;
    if (position > this.limits.maxWaiters || this.predictedWaitMs(position) > this.limits.maxQueueWaitMs)
      return this.postponeSaturated(probe);
    return new Promise<Admission>((resolve) => {
      this.waiters.push({ admit: resolve, probe });
      this.scheduleReview();
    });
  }

  private admit(probe: boolean): Admission {
    const permit = this.nextPermit++;
    const startedAt = this.now();
    this.inFlight.set(permit, startedAt);
    if (probe) this.probeStartedAt = startedAt;
    let released = false;
    return {
      kind: 'admitted',
      release: (health) => {
        if (released) return;
        released = true;
        this.inFlight.delete(permit);
        if (probe) this.probeStartedAt = undefined;
        const now = this.now();
        this.observeResponseTime(now - startedAt);
        if (health !== 'failing') this.lastAnsweredAt = now;
        this.record(health, probe);
        this.admitNext();
      },
    };
  }

  private observeResponseTime(ms: number): void {
    this.responseTimeMs =
      this.responseTimeMs === undefined
        ? ms
        : this.responseTimeMs + RESPONSE_TIME_WEIGHT * (ms - this.responseTimeMs);
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
      const open = !waiter.probe && this.breaker.state(this.now()) !== 'closed';
      waiter.admit(open ? this.circuitOpen() : this.admit(waiter.probe));
    }
    if (this.waiters.length === 0) this.stopReview();
  }

  /** The circuit just opened: nobody waits on this receiver any longer. */
  private rejectWaiters(): void {
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.probe) this.breaker.releaseProbe();
      waiter.admit(this.circuitOpen());
    }
    this.stopReview();
  }

  /**
   * When the `position`-th waiter would get a slot: slots free in rounds of `concurrency`, one response time
   * apart. Before any attempt ended, the age of the oldest one stands in for the response time.
   */
  private predictedWaitMs(position: number): number {
    const responseTime = this.responseTimeMs ?? this.oldestAgeMs();
    return Math.ceil(position / this.limits.concurrency) * responseTime;
  }

  private oldestAgeMs(): number {
    const oldest = this.inFlight.values().next();
    return oldest.done ? 0 : this.now() - oldest.value;
  }

  /**
   * Every slot taken, the oldest request has been open longer than the stuck threshold, and nothing was
   * answered for that long either: the receiver is not answering, so don't queue. An endpoint that keeps
   * answering is busy, not stuck (under a backlog our own queueing makes requests old).
   */
  private isStuck(): boolean {
    if (this.inFlight.size < this.limits.concurrency) return false;
    const threshold = this.stuckThresholdMs();
    return this.now() - this.lastAnsweredAt > threshold && this.oldestAgeMs() > threshold;
  }

  private stuckThresholdMs(): number {
    return Math.max(this.limits.stuckAfterMs, 4 * (this.responseTimeMs ?? 0));
  }

  private scheduleReview(): void {
    if (this.reviewTimer !== undefined) return;
    this.reviewTimer = setTimeout(() => {
      this.reviewTimer = undefined;
      this.review();
    }, this.stuckThresholdMs() + 1);
    this.reviewTimer.unref();
  }

  private stopReview(): void {
    clearTimeout(this.reviewTimer);
    this.reviewTimer = undefined;
  }

  /**
   * While deliveries wait: a receiver that went stuck gets its whole queue postponed; one that slowed down
   * keeps only the waiters its new pace serves within `maxQueueWaitMs`.
   */
  private review(): void {
    if (this.isStuck()) {
      for (const waiter of this.waiters.splice(0)) waiter.admit(this.postponeSaturated(waiter.probe));
      return;
    }
    while (
      this.waiters.length > 0 &&
      this.predictedWaitMs(this.waiters.length) > this.limits.maxQueueWaitMs
    ) {
      const last = this.waiters.pop();
      if (last !== undefined) last.admit(this.postponeSaturated(last.probe));
    }
    if (this.waiters.length > 0) this.scheduleReview();
  }

  /**
   * No slot: try again after `maxQueueWaitMs`. Every saturated postponement waits that same time, stuck
   * receiver or busy one: a retry tier is read in order, so a longer wait written first would hold up the
   * shorter ones behind it, and a stuck receiver's work would delay everyone else's on that partition.
   */
  private postponeSaturated(probe: boolean): Admission {
    if (probe) this.breaker.releaseProbe();
    return { kind: 'postponed', reason: 'saturated', retryInMs: Math.max(this.limits.maxQueueWaitMs, 100) };
  }

  /**
   * Come back when the circuit may let work through: at the end of its open period or, while the half-open
   * probe is in flight, once the probe has its answer. (Its open period has already ended then; without the
   * probe's deadline the work would come straight back, and burn its attempts, while the probe hangs.)
   */
  private circuitOpen(): Admission {
    const now = this.now();
    const probeAnsweredBy =
      this.probeStartedAt === undefined ? now : this.probeStartedAt + this.limits.attemptTimeoutMs;
    return { kind: 'circuit-open', retryAt: Math.max(this.breaker.reopensAt() ?? now, probeAnsweredBy) };
  }
}
