import type { EndpointHealthDecision } from '@hookline/contracts';
import { planHealthDecision } from './plan-health-decision';

const decision = (overrides: Partial<EndpointHealthDecision> = {}): EndpointHealthDecision => ({
  decisionId: 'dec_1',
  endpointId: 'ep_1',
  tenantId: 'acme',
  decision: 'disable',
  reason: 'no successful delivery for 5 days',
  lastSuccessAt: '2026-11-18T10:00:00.000Z',
  decidedAt: '2026-11-23T10:00:00.000Z',
  ...overrides,
});

describe('planHealthDecision', () => {
  it('disables an enabled endpoint with the reason and one endpoint.disabled', () => {
    expect(planHealthDecision(decision(), { enabled: true })).toEqual({
      outcome: 'disabled',
      patch: { enabled: false, disabledReason: 'no successful delivery for 5 days' },
      events: [
        {
          action: 'disabled',
          details: {
            by: 'hookline',
            reason: 'no successful delivery for 5 days',
            lastSuccessAt: '2026-11-18T10:00:00.000Z',
            decidedAt: '2026-11-23T10:00:00.000Z',
          },
        },
      ],
    });
  });

  it('sends no second notice for an endpoint that is already disabled', () => {
    expect(planHealthDecision(decision(), { enabled: false })).toEqual({
      outcome: 'already-disabled',
      events: [],
    });
  });

  it.each(['failing', 'recovered'] as const)(
    'only notifies on %s, with an occurrence unique to the decision',
    (kind) => {
      const plan = planHealthDecision(decision({ decision: kind, decisionId: `dec_${kind}` }), {
        enabled: true,
      });
      expect(plan.patch).toBeUndefined();
      expect(plan.events).toHaveLength(1);
      expect(plan.events[0].action).toBe(kind);
      expect(plan.events[0].occurrence).toMatch(/^[0-9a-f]{20}$/);
    },
  );
});
