import type { FailureClass } from './classify-failure';

/** How every consumer retries a record whose handling failed. */
export interface ConsumerFailurePolicy {
  /** Attempts at a record whose handler throws (a `handler` failure) before it is dead-lettered. */
  maxHandlerAttempts: number;
  /** Backoff before the second attempt; doubles with every failure. */
  backoffInitialMs: number;
  /** Ceiling of the backoff, for handler failures and for infrastructure outages (retried without limit). */
  backoffMaxMs: number;
}

export const DEFAULT_CONSUMER_FAILURE_POLICY: ConsumerFailurePolicy = {
  maxHandlerAttempts: 5,
  backoffInitialMs: 200,
  backoffMaxMs: 30_000,
};

export type NextStep = { action: 'retry'; delayMs: number } | { action: 'dead-letter' };

/**
 * What to do after the `failures`-th failure (1-based) of one record: dead-letter an invalid record at
 * once; retry a handler failure until `maxHandlerAttempts`, then dead-letter; retry an outage for ever.
 * Delays grow exponentially up to the ceiling, with ±20% jitter so replicas that failed together do not
 * retry together (`random` in [0, 1)).
 */
export function nextStep(
  policy: ConsumerFailurePolicy,
  failureClass: FailureClass,
  failures: number,
  random: () => number = Math.random,
): NextStep {
  if (failureClass === 'invalid') return { action: 'dead-letter' };
  if (failureClass === 'handler' && failures >= policy.maxHandlerAttempts) return { action: 'dead-letter' };
  return { action: 'retry', delayMs: backoffDelayMs(policy, failures, random) };
}

export function backoffDelayMs(
  policy: ConsumerFailurePolicy,
  failures: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const base = Math.min(policy.backoffMaxMs, policy.backoffInitialMs * 2 ** exponent);
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(policy.backoffMaxMs, jittered));
}
