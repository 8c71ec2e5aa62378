export interface CircuitBreakerPolicy {
  /** Consecutive failed attempts that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit sends work straight to the retry tiers before one probe is let through. */
  openMs: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Per endpoint: closed (attempts flow), open (no attempt until `openMs` passed: the work goes to its retry
 * tier at once instead of waiting on a dead receiver), half-open (one probe; its result closes or reopens).
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;

  constructor(private readonly policy: CircuitBreakerPolicy) {}

  state(now: number): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return now - this.openedAt >= this.policy.openMs ? 'half-open' : 'open';
  }

  /** When a refused attempt should come back: the next probe time. */
  reopensAt(): number | undefined {
    return this.openedAt === undefined ? undefined : this.openedAt + this.policy.openMs;
  }

  /** May an attempt start now? In half-open, only one (the probe) until its result is known. */
  tryPass(now: number): 'pass' | 'probe' | 'blocked' {
    const state = this.state(now);
    if (state === 'closed') return 'pass';
    if (state === 'open' || this.probing) return 'blocked';
    this.probing = true;
    return 'probe';
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.probing = false;
  }

  /** Returns true when this failure opened (or reopened) the circuit. */
  recordFailure(now: number, wasProbe = false): boolean {
    this.failures += 1;
    if (wasProbe) this.probing = false;
    if (wasProbe || (this.openedAt === undefined && this.failures >= this.policy.failureThreshold)) {
      this.openedAt = now;
      return true;
    }
    return false;
  }

  /** A probe that never ran (it was postponed) must not keep the circuit half-open forever. */
  releaseProbe(): void {
    this.probing = false;
  }
}
