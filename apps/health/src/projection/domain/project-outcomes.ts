import type { DeliveryOutcome, EndpointHealthDecision } from '@hookline/contracts';
import { decideAfterOutcome } from '../../retirement/domain/health-decisions';
import type { RetirementRules } from '../../retirement/domain/retirement-policy';
import { applyOutcome, newEndpointHealth, type EndpointHealth } from './endpoint-health-state';

export interface ProjectionRules extends RetirementRules {
  failingAfterFailures: number;
}

/**
 * Folds a batch of outcomes, in order, into the endpoints' health and collects the decisions the changes
 * call for. Pure: the caller loads and locks the rows, and stores what this returns.
 */
export function projectOutcomes(
  current: ReadonlyMap<string, EndpointHealth>,
  outcomes: readonly DeliveryOutcome[],
  rules: ProjectionRules,
  now: Date,
): { healths: Map<string, EndpointHealth>; decisions: EndpointHealthDecision[] } {
  const healths = new Map(current);
  const decisions: EndpointHealthDecision[] = [];
  for (const outcome of outcomes) {
    const before = healths.get(outcome.endpointId) ?? newEndpointHealth(outcome.endpointId, outcome.tenantId);
    const after = applyOutcome(before, outcome, rules.failingAfterFailures);
    const decided = decideAfterOutcome(before, after, outcome, rules, now);
    healths.set(outcome.endpointId, decided.health);
    decisions.push(...decided.decisions);
  }
  return { healths, decisions };
}
