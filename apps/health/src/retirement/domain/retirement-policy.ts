import type { DeliveryOutcome, EndpointHealthDecisionCause } from '@hookline/contracts';
import type { EndpointHealth } from '../../projection/domain/endpoint-health-state';

export interface RetirementRules {
  disableAfterMs: number;
  disableOnGone: boolean;
  sweepHorizonMs: number;
}

export interface Retirement {
  cause: Extract<
    EndpointHealthDecisionCause,
    'gone' | 'no_success_while_failing' | 'no_success_since_horizon'
  >;
  reason: string;
  /** When the policy's condition was met, from the data alone: replays record the same time. */
  effectiveAt: Date;
}

/** Only endpoints that are still enabled and not already retired can be retired. */
export function isRetirable(health: EndpointHealth): boolean {
  return health.enabled && !health.deleted && health.retiredAt === null;
}

/** A 410 Gone says the receiver is gone for good (Standard Webhooks): retire at once. */
export function isGone(outcome: Pick<DeliveryOutcome, 'statusCode' | 'errorClass'>): boolean {
  return outcome.statusCode === 410 || outcome.errorClass === 'gone';
}

/**
 * Whether the zombie policy retires the endpoint now: failing with no success for `disableAfterMs` since its
 * run of failures began, or no sign of life (success, re-enable, creation) within the sweep horizon.
 */
export function retirementDue(
  health: EndpointHealth,
  rules: RetirementRules,
  now: Date,
): Retirement | undefined {
  if (!isRetirable(health)) return undefined;
  const streakStart = health.failureStreakStartedAt;
  if (health.state === 'failing' && streakStart !== null) {
    const failingFor = now.getTime() - streakStart.getTime();
    if (failingFor >= rules.disableAfterMs) {
      return {
        cause: 'no_success_while_failing',
        effectiveAt: new Date(streakStart.getTime() + rules.disableAfterMs),
        reason:
          `no successful delivery for ${describeDuration(failingFor)} while failing ` +
          `(${health.consecutiveFailures} consecutive failed attempts since ${streakStart.toISOString()}; ` +
          `policy: disable after ${describeDuration(rules.disableAfterMs)})`,
      };
    }
  }
  const lastSignOfLife = latestOf(health.lastSuccessAt, health.failuresResetAt, health.endpointCreatedAt);
  if (lastSignOfLife !== null && now.getTime() - lastSignOfLife.getTime() >= rules.sweepHorizonMs) {
    const since =
      health.lastSuccessAt === null
        ? `never delivered successfully (endpoint created ${lastSignOfLife.toISOString()})`
        : `no successful delivery since ${health.lastSuccessAt.toISOString()}`;
    return {
      cause: 'no_success_since_horizon',
      effectiveAt: new Date(lastSignOfLife.getTime() + rules.sweepHorizonMs),
      reason: `${since}; policy: retire after ${describeDuration(rules.sweepHorizonMs)} without success`,
    };
  }
  return undefined;
}

export function goneRetirement(outcome: Pick<DeliveryOutcome, 'eventId' | 'startedAt'>): Retirement {
  return {
    cause: 'gone',
    effectiveAt: new Date(outcome.startedAt),
    reason: `the endpoint answered 410 Gone (event ${outcome.eventId}, attempt at ${outcome.startedAt})`,
  };
}

function latestOf(...dates: Array<Date | null>): Date | null {
  return dates.reduce<Date | null>(
    (max, date) => (date !== null && (max === null || date > max) ? date : max),
    null,
  );
}

/** `5d`, `3h 20m`, `45s`: enough precision for a notice a person reads. */
export function describeDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.floor(ms));
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0 && parts.length < 2) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.length === 0 ? `${ms}ms` : parts.join(' ');
}
