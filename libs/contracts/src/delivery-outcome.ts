import { compileValidator } from './schema-validator';

/**
 * One delivery attempt's result, on `hookline.delivery-outcomes.v1` keyed by endpoint id so that one
 * endpoint's outcomes stay in order for the health projection.
 */
export interface DeliveryOutcome {
  eventId: string;
  eventType: string;
  endpointId: string;
  tenantId: string;
  /** Stable per (event, endpoint): the receiver's idempotency key. */
  webhookId: string;
  attempt: number;
  startedAt: string;
  durationMs: number;
  result: 'succeeded' | 'failed';
  /** HTTP status when a response arrived. */
  statusCode: number | null;
  /** `timeout`, `connection_refused`, `blocked_address`, `http_status`, …; null on success. */
  errorClass: string | null;
  errorMessage: string | null;
  /** The first bytes of the response body (capped by the delivery service). */
  responseBody: string | null;
  /** When the next attempt is due, or null when there is none. */
  nextAttemptAt: string | null;
  /** True when no attempt will follow this failure (schedule exhausted or not retryable). */
  exhausted: boolean;
  /**
   * What started this round of attempts: the event arriving, or an operator's resend, replay or recovery.
   * Optional: outcomes written before it existed lack it (read as `event`).
   */
  trigger?: DeliveryTrigger;
  /** Where the event sits on `hookline.events.v1`, so a resend can read it back (optional, additive). */
  eventPartition?: number;
  eventOffset?: string;
}

export type DeliveryTrigger = 'event' | 'resend' | 'replay' | 'recover';

const nullableString = { type: ['string', 'null'] } as const;

export const validateDeliveryOutcome = compileValidator<DeliveryOutcome>({
  type: 'object',
  required: [
    'eventId',
    'eventType',
    'endpointId',
    'tenantId',
    'webhookId',
    'attempt',
    'startedAt',
    'durationMs',
    'result',
    'statusCode',
    'errorClass',
    'exhausted',
  ],
  properties: {
    eventId: { type: 'string', minLength: 1 },
    eventType: { type: 'string', minLength: 1 },
    endpointId: { type: 'string', minLength: 1 },
    tenantId: { type: 'string', minLength: 1 },
    webhookId: { type: 'string', minLength: 1 },
    attempt: { type: 'integer', minimum: 1 },
    startedAt: { type: 'string', format: 'date-time' },
    durationMs: { type: 'number', minimum: 0 },
    result: { enum: ['succeeded', 'failed'] },
    statusCode: { type: ['integer', 'null'] },
    errorClass: nullableString,
    errorMessage: nullableString,
    responseBody: nullableString,
    nextAttemptAt: nullableString,
    exhausted: { type: 'boolean' },
    trigger: { enum: ['event', 'resend', 'replay', 'recover'] },
    eventPartition: { type: 'integer', minimum: 0 },
    eventOffset: { type: 'string', pattern: '^[0-9]+$' },
  },
});
