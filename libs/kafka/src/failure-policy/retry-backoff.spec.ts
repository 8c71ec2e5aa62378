import { backoffDelayMs, nextStep, type ConsumerFailurePolicy } from './retry-backoff';

const policy: ConsumerFailurePolicy = { maxHandlerAttempts: 4, backoffInitialMs: 100, backoffMaxMs: 1_000 };
const middle = () => 0.5;

describe('consumer retry policy', () => {
  it('dead-letters an invalid record after its first failure', () => {
    expect(nextStep(policy, 'invalid', 1)).toEqual({ action: 'dead-letter' });
  });

  it('retries a handler failure until the attempt bound, then dead-letters', () => {
    expect(nextStep(policy, 'handler', 1, middle)).toEqual({ action: 'retry', delayMs: 100 });
    expect(nextStep(policy, 'handler', 3, middle)).toEqual({ action: 'retry', delayMs: 400 });
    expect(nextStep(policy, 'handler', 4, middle)).toEqual({ action: 'dead-letter' });
  });

  it('retries an outage without limit, at the backoff ceiling', () => {
    expect(nextStep(policy, 'infrastructure', 10_000, middle)).toEqual({ action: 'retry', delayMs: 1_000 });
  });

  it('doubles the delay up to the ceiling, with at most 20% jitter either way and never above the ceiling', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(policy, n, middle))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(80);
    expect(backoffDelayMs(policy, 1, () => 0.999_999)).toBe(120);
    expect(backoffDelayMs(policy, 50, () => 0.999_999)).toBe(1_000);
  });
});
