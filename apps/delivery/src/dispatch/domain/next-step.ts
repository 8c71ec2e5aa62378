import type { AttemptResult } from './attempt-result';
import { delayAfterAttempt, tierFor, type RetryPolicy } from './retry-schedule';

export type NextStep =
  { kind: 'done' } | { kind: 'retry'; dueAt: Date; tierMs: number } | { kind: 'dead-letter'; reason: string };

export interface NextStepInput {
  result: AttemptResult;
  /** The number (in this round) of the attempt that just ended. */
  attemptMade: number;
  policy: RetryPolicy;
  tiers: readonly number[];
  now: Date;
  /** Earliest time another attempt makes sense (an open circuit's next probe). */
  notBefore?: Date;
  random?: () => number;
}

/** After an attempt: finished, retried on a delay tier (when, and which), or dead-lettered (why). */
export function nextStep(input: NextStepInput): NextStep {
  const { result, attemptMade, policy, tiers, now } = input;
  if (result.kind === 'succeeded') return { kind: 'done' };
  if (result.kind === 'permanent') {
    return { kind: 'dead-letter', reason: `not retryable: ${result.errorClass} (${result.message})` };
  }
  const scheduled = delayAfterAttempt(policy, attemptMade, input.random);
  if (scheduled === undefined) {
    return { kind: 'dead-letter', reason: `retries exhausted after ${attemptMade} attempts` };
  }
  let delay = scheduled;
  if (result.retryAfterMs !== undefined)
    delay = Math.max(delay, Math.min(result.retryAfterMs, policy.retryAfterMaxMs));
  if (input.notBefore !== undefined) delay = Math.max(delay, input.notBefore.getTime() - now.getTime());
  return deferral(delay, tiers, policy.jitter, now);
}

/** A retry (or a postponement) due in `delayMs`, capped at what the longest tier can hold. */
export function deferral(delayMs: number, tiers: readonly number[], jitter: number, now: Date): NextStep {
  const longest = tiers[tiers.length - 1] * (1 + jitter);
  const delay = Math.min(Math.max(0, delayMs), Math.max(longest, 0));
  return { kind: 'retry', dueAt: new Date(now.getTime() + delay), tierMs: tierFor(delay, tiers, jitter) };
}
