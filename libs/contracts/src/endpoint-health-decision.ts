import { compileValidator } from './schema-validator';

/** Why health decided what it did; optional, so consumers written before it still validate. */
export type EndpointHealthDecisionCause =
  'gone' | 'no_success_while_failing' | 'no_success_since_horizon' | 'entered_failing' | 'succeeded_again';

/**
 * What the health service decided about an endpoint, on `hookline.endpoint-health.v1` keyed by endpoint id.
 * The subscription service applies `disable`; `failing` and `recovered` are notices for the tenant.
 * `decisionId` is deterministic per endpoint and episode (one retirement per enabled period, one warning
 * per run of failures), so a record seen twice is the same decision and must be applied once.
 */
export interface EndpointHealthDecision {
  decisionId: string;
  endpointId: string;
  tenantId: string;
  decision: 'disable' | 'failing' | 'recovered';
  reason: string;
  lastSuccessAt: string | null;
  decidedAt: string;
  cause?: EndpointHealthDecisionCause;
  consecutiveFailures?: number;
  /** When the run of failures that led here began. */
  failingSince?: string | null;
}

export const validateEndpointHealthDecision = compileValidator<EndpointHealthDecision>({
  type: 'object',
  required: ['decisionId', 'endpointId', 'tenantId', 'decision', 'reason', 'decidedAt'],
  properties: {
    decisionId: { type: 'string', minLength: 1 },
    endpointId: { type: 'string', minLength: 1 },
    tenantId: { type: 'string', minLength: 1 },
    decision: { enum: ['disable', 'failing', 'recovered'] },
    reason: { type: 'string' },
    lastSuccessAt: { type: ['string', 'null'] },
    decidedAt: { type: 'string', format: 'date-time' },
    cause: {
      enum: [
        'gone',
        'no_success_while_failing',
        'no_success_since_horizon',
        'entered_failing',
        'succeeded_again',
      ],
    },
    consecutiveFailures: { type: 'integer', minimum: 0 },
    failingSince: { type: ['string', 'null'] },
  },
});
