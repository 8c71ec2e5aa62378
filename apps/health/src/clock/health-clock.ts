/**
 * The time the health service reasons in: windows, the zombie policy and the sweep all ask this clock.
 * `rate` simulated milliseconds pass per real millisecond from the moment the clock is made, shifted by
 * `offsetMs`. Real deployments run at rate 1, offset 0; tests compress days into seconds through
 * configuration instead of mocking time inside the code under test.
 */
export class HealthClock {
  private readonly startedAt: number;

  constructor(
    private readonly settings: { rate: number; offsetMs: number },
    private readonly realNow: () => number = Date.now,
  ) {
    this.startedAt = realNow();
  }

  now(): Date {
    const elapsed = this.realNow() - this.startedAt;
    return new Date(this.startedAt + this.settings.offsetMs + elapsed * this.settings.rate);
  }

  /** Real milliseconds until `simulatedMs` of this clock's time have passed. */
  realDelayFor(simulatedMs: number): number {
    return simulatedMs / this.settings.rate;
  }
}
