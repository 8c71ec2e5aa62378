import { createHash } from 'node:crypto';
import type { DeliveryOutcome, EndpointHealthDecision } from '@hookline/contracts';
import type { EndpointHealth } from '../../projection/domain/endpoint-health-state';
import {
  goneRetirement,
  isGone,
  retirementDue,
  type Retirement,
  type RetirementRules,
} from './retirement-policy';

/**
 * The id of a decision, derived from the endpoint and the episode it belongs to: one `failing` warning and
 * at most one `recovered` per run of failures, one `disable` per enabled period. The same decision taken
 * again (a replay, a redelivered batch, a second replica's sweep) gets the same id and is never re-sent.
 */
export function decisionIdFor(
  endpointId: string,
  decision: EndpointHealthDecision['decision'],
  episode: string,
) {
  const digest = createHash('sha256')
    .update(`${endpointId}\u0000${decision}\u0000${episode}`)
    .digest('base64url');
  return `hdec_${digest.slice(0, 27)}`;
}

/** The enabled period an endpoint is in: it starts at creation, or at its last re-enable. */
function enabledEpisode(health: EndpointHealth): string {
  return health.failuresResetAt?.toISOString() ?? 'first';
}

export function retire(health: EndpointHealth, retirement: Retirement, now: Date) {
  const retired: EndpointHealth = {
    ...health,
    state: 'disabled',
    retiredAt: retirement.effectiveAt,
    retiredReason: retirement.reason,
  };
  const decision: EndpointHealthDecision = {
    ...decisionBase(health, 'disable', enabledEpisode(health), now),
    reason: retirement.reason,
    cause: retirement.cause,
  };
  return { health: retired, decision };
}

/**
 * What one outcome changed that the tenant must hear about, in the order it must hear it: a warning when the
 * endpoint enters failing, then retirement (410 Gone, or the zombie policy); or a notice that a failing
 * endpoint delivered again. Returns the health with any retirement applied.
 */
export function decideAfterOutcome(
  before: EndpointHealth,
  after: EndpointHealth,
  outcome: DeliveryOutcome,
  rules: RetirementRules,
  now: Date,
): { health: EndpointHealth; decisions: EndpointHealthDecision[] } {
  if (!after.enabled || after.deleted || after.retiredAt !== null) return { health: after, decisions: [] };
  const decisions: EndpointHealthDecision[] = [];
  if (rules.disableOnGone && isGone(outcome)) {
    const retired = retire(after, goneRetirement(outcome), now);
    return { health: retired.health, decisions: [retired.decision] };
  }
  if (before.state !== 'failing' && after.state === 'failing') decisions.push(failingNotice(after, now));
  if (before.state === 'failing' && after.state === 'healthy' && before.failureStreakStartedAt !== null) {
    decisions.push(recoveredNotice(before, after, now));
  }
  // Judged at the outcome's own time, not the clock's: a replay takes the same decisions as the live run,
  // and an old run of failures is not retired before the success that ended it has been applied. The
  // sweep judges by the clock once the projection has caught up.
  const due = retirementDue(after, rules, new Date(outcome.startedAt));
  if (due === undefined) return { health: after, decisions };
  const retired = retire(after, due, now);
  return { health: retired.health, decisions: [...decisions, retired.decision] };
}

function failingNotice(health: EndpointHealth, now: Date): EndpointHealthDecision {
  const since = health.failureStreakStartedAt?.toISOString() ?? now.toISOString();
  return {
    ...decisionBase(health, 'failing', since, now),
    reason:
      `${health.consecutiveFailures} consecutive failed attempts since ${since}` +
      (health.lastError === null ? '' : `; last error: ${health.lastError}`),
    cause: 'entered_failing',
  };
}

function recoveredNotice(before: EndpointHealth, after: EndpointHealth, now: Date): EndpointHealthDecision {
  const episode = before.failureStreakStartedAt?.toISOString() ?? 'unknown';
  return {
    ...decisionBase(after, 'recovered', episode, now),
    reason: `delivered successfully again after ${before.consecutiveFailures} consecutive failed attempts`,
    cause: 'succeeded_again',
    consecutiveFailures: before.consecutiveFailures,
    failingSince: before.failureStreakStartedAt?.toISOString() ?? null,
  };
}

function decisionBase(
  health: EndpointHealth,
  decision: EndpointHealthDecision['decision'],
  episode: string,
  now: Date,
): Omit<EndpointHealthDecision, 'reason'> {
  return {
    decisionId: decisionIdFor(health.endpointId, decision, episode),
    endpointId: health.endpointId,
    tenantId: health.tenantId,
    decision,
    lastSuccessAt: health.lastSuccessAt?.toISOString() ?? null,
    decidedAt: now.toISOString(),
    consecutiveFailures: health.consecutiveFailures,
    failingSince: health.failureStreakStartedAt?.toISOString() ?? null,
  };
}
