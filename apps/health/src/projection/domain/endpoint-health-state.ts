import type { DeliveryOutcome } from '@hookline/contracts';

export type EndpointState = 'healthy' | 'degraded' | 'failing' | 'disabled';

export const ENDPOINT_STATES: readonly EndpointState[] = ['healthy', 'degraded', 'failing', 'disabled'];

/** One endpoint's health: what its attempts say, and what the subscriptions topic says about it. */
export interface EndpointHealth {
  endpointId: string;
  tenantId: string;
  state: EndpointState;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  lastErrorClass: string | null;
  /** Failed attempts since the last success (or since the endpoint was re-enabled). */
  consecutiveFailures: number;
  /** When the current run of failures began; null while the last attempt succeeded. */
  failureStreakStartedAt: Date | null;
  attemptsTotal: number;
  successesTotal: number;
  /** From the subscriptions topic. */
  enabled: boolean;
  deleted: boolean;
  disabledReason: string | null;
  endpointCreatedAt: Date | null;
  /** When the endpoint was last re-enabled: attempts started before it no longer count against it. */
  failuresResetAt: Date | null;
  /** Set when health decided to retire the endpoint; cleared when it is enabled again. */
  retiredAt: Date | null;
  retiredReason: string | null;
}

const ERROR_TEXT_LIMIT = 500;

/**
 * Outcomes of attempts that never reached the endpoint because delivery held them back (its circuit breaker
 * was open). They stay in the attempt log, for traces, but are not evidence about the endpoint: counting them
 * would let one real failure multiply into a failing state and a retirement.
 */
const HELD_BACK_ERROR_CLASSES: ReadonlySet<string> = new Set(['circuit_open']);

export function reachedEndpoint(outcome: Pick<DeliveryOutcome, 'errorClass'>): boolean {
  return outcome.errorClass === null || !HELD_BACK_ERROR_CLASSES.has(outcome.errorClass);
}

export function newEndpointHealth(endpointId: string, tenantId: string): EndpointHealth {
  return {
    endpointId,
    tenantId,
    state: 'healthy',
    lastSuccessAt: null,
    lastFailureAt: null,
    lastAttemptAt: null,
    lastStatus: null,
    lastError: null,
    lastErrorClass: null,
    consecutiveFailures: 0,
    failureStreakStartedAt: null,
    attemptsTotal: 0,
    successesTotal: 0,
    enabled: true,
    deleted: false,
    disabledReason: null,
    endpointCreatedAt: null,
    failuresResetAt: null,
    retiredAt: null,
    retiredReason: null,
  };
}

/**
 * The state an endpoint is in: disabled wins (by the tenant or by the retirement policy); otherwise a run of
 * `failingAfterFailures` failed attempts is failing, a shorter run degraded, no run healthy.
 */
export function stateOf(health: EndpointHealth, failingAfterFailures: number): EndpointState {
  if (!health.enabled || health.retiredAt !== null) return 'disabled';
  if (health.consecutiveFailures >= failingAfterFailures) return 'failing';
  return health.consecutiveFailures > 0 ? 'degraded' : 'healthy';
}

/**
 * Folds one delivery outcome into an endpoint's health. Pure and deterministic, so replaying the topic gives
 * the same numbers; timestamps never move backwards when an older outcome arrives late.
 */
export function applyOutcome(
  current: EndpointHealth | undefined,
  outcome: DeliveryOutcome,
  failingAfterFailures: number,
): EndpointHealth {
  const base = current ?? newEndpointHealth(outcome.endpointId, outcome.tenantId);
  if (!reachedEndpoint(outcome)) return base;
  const at = new Date(outcome.startedAt);
  const succeeded = outcome.result === 'succeeded';
  const isLatest = base.lastAttemptAt === null || at >= base.lastAttemptAt;
  const next: EndpointHealth = {
    ...base,
    lastSuccessAt: succeeded ? latest(base.lastSuccessAt, at) : base.lastSuccessAt,
    lastFailureAt: succeeded ? base.lastFailureAt : latest(base.lastFailureAt, at),
    lastAttemptAt: latest(base.lastAttemptAt, at),
    lastStatus: isLatest ? outcome.statusCode : base.lastStatus,
    lastError: isLatest ? errorText(outcome) : base.lastError,
    lastErrorClass: isLatest ? (succeeded ? null : (outcome.errorClass ?? 'unknown')) : base.lastErrorClass,
    attemptsTotal: base.attemptsTotal + 1,
    successesTotal: base.successesTotal + (succeeded ? 1 : 0),
    ...streakAfter(base, at, succeeded),
  };
  return { ...next, state: stateOf(next, failingAfterFailures) };
}

/** Attempts started before a re-enable belong to the old episode: they do not extend or end its streak. */
function streakAfter(
  base: EndpointHealth,
  at: Date,
  succeeded: boolean,
): Pick<EndpointHealth, 'consecutiveFailures' | 'failureStreakStartedAt'> {
  if (base.failuresResetAt !== null && at < base.failuresResetAt) {
    return {
      consecutiveFailures: base.consecutiveFailures,
      failureStreakStartedAt: base.failureStreakStartedAt,
    };
  }
  if (succeeded) return { consecutiveFailures: 0, failureStreakStartedAt: null };
  return {
    consecutiveFailures: base.consecutiveFailures + 1,
    failureStreakStartedAt: base.failureStreakStartedAt ?? at,
  };
}

function errorText(outcome: DeliveryOutcome): string | null {
  if (outcome.result === 'succeeded') return null;
  const text = outcome.errorMessage ?? outcome.errorClass ?? 'unknown error';
  return text.length > ERROR_TEXT_LIMIT ? `${text.slice(0, ERROR_TEXT_LIMIT)}…` : text;
}

function latest(a: Date | null, b: Date): Date {
  return a === null || b > a ? b : a;
}
