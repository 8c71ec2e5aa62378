import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  const policy = { failureThreshold: 3, openMs: 1_000 };

  it('opens after the threshold of consecutive failures and refuses until the open period ends', () => {
    const breaker = new CircuitBreaker(policy);
    expect(breaker.recordFailure(0)).toBe(false);
    breaker.recordSuccess();
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    expect(breaker.recordFailure(10)).toBe(true);
    expect(breaker.state(500)).toBe('open');
    expect(breaker.tryPass(500)).toBe('blocked');
    expect(breaker.reopensAt()).toBe(1_010);
  });

  it('lets one probe through when half-open; its success closes, its failure reopens', () => {
    const breaker = new CircuitBreaker(policy);
    for (let i = 0; i < 3; i++) breaker.recordFailure(0);
    expect(breaker.tryPass(1_000)).toBe('probe');
    expect(breaker.tryPass(1_000)).toBe('blocked');
    expect(breaker.recordFailure(1_200, true)).toBe(true);
    expect(breaker.state(1_500)).toBe('open');
    expect(breaker.tryPass(2_200)).toBe('probe');
    breaker.recordSuccess();
    expect(breaker.state(2_200)).toBe('closed');
    expect(breaker.tryPass(2_200)).toBe('pass');
  });

  it('frees the probe slot when the probe never ran', () => {
    const breaker = new CircuitBreaker(policy);
    for (let i = 0; i < 3; i++) breaker.recordFailure(0);
    expect(breaker.tryPass(1_000)).toBe('probe');
    breaker.releaseProbe();
    expect(breaker.tryPass(1_000)).toBe('probe');
  });
});
