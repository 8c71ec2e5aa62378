import type { EndpointHealthDecision } from '@hookline/contracts';
import {
  decisionOccurrence,
  type EndpointOperationalAction,
} from '../../state-events/domain/operational-event';

export type HealthDecisionOutcome = 'disabled' | 'already-disabled' | 'notice-sent';

export interface HealthDecisionPlan {
  outcome: HealthDecisionOutcome;
  patch?: { enabled: false; disabledReason: string };
  events: Array<{ action: EndpointOperationalAction; details: Record<string, unknown>; occurrence?: string }>;
}

/**
 * What a health decision does to the endpoint: `disable` turns it off with the reason and tells the tenant
 * (once: an endpoint already disabled gets no second notice); `failing` and `recovered` only tell the tenant.
 */
export function planHealthDecision(
  decision: EndpointHealthDecision,
  current: { enabled: boolean },
): HealthDecisionPlan {
  const details = {
    by: 'hookline',
    reason: decision.reason,
    lastSuccessAt: decision.lastSuccessAt ?? null,
    decidedAt: decision.decidedAt,
  };
  switch (decision.decision) {
    case 'disable':
      if (!current.enabled) return { outcome: 'already-disabled', events: [] };
      return {
        outcome: 'disabled',
        patch: { enabled: false, disabledReason: decision.reason },
        events: [{ action: 'disabled', details }],
      };
    case 'failing':
    case 'recovered':
      return {
        outcome: 'notice-sent',
        events: [{ action: decision.decision, details, occurrence: decisionOccurrence(decision.decisionId) }],
      };
  }
}
