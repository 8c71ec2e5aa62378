import { compileValidator } from './schema-validator';

export type RoutingSkipReason = 'disabled' | 'event_type_filter' | 'entity_type_filter' | 'not_targeted';

/**
 * How delivery routed one event, on `hookline.event-routing.v1` keyed `<tenant>:<event id>`: which endpoints
 * matched (with their webhook ids) and why each other endpoint of the tenant did not. The health service
 * answers "what happened to my event?" from these records and the outcomes; an event that matched nothing
 * still has one.
 */
export interface EventRoutingRecord {
  eventId: string;
  tenantId: string;
  eventType: string;
  subject: string;
  routedAt: string;
  /** False when no tenant record exists: the event names a tenant Hookline does not know. */
  tenantKnown: boolean;
  matched: Array<{ endpointId: string; webhookId: string }>;
  /** The first `MAX_LISTED_SKIPPED_ENDPOINTS` endpoints that did not match, with why. */
  skipped: Array<{ endpointId: string; reason: RoutingSkipReason }>;
  /** Skipped endpoints beyond those listed (absent or 0 when all are listed): a record never grows with them. */
  skippedOmitted?: number;
}

export const validateEventRoutingRecord = compileValidator<EventRoutingRecord>({
  type: 'object',
  required: ['eventId', 'tenantId', 'eventType', 'subject', 'routedAt', 'tenantKnown', 'matched', 'skipped'],
  properties: {
    eventId: { type: 'string', minLength: 1 },
    tenantId: { type: 'string', minLength: 1 },
    eventType: { type: 'string', minLength: 1 },
    subject: { type: 'string' },
    routedAt: { type: 'string', format: 'date-time' },
    tenantKnown: { type: 'boolean' },
    skippedOmitted: { type: 'integer', minimum: 0 },
    matched: {
      type: 'array',
      items: {
        type: 'object',
        required: ['endpointId', 'webhookId'],
        properties: { endpointId: { type: 'string' }, webhookId: { type: 'string' } },
      },
    },
    skipped: {
      type: 'array',
      items: {
        type: 'object',
        required: ['endpointId', 'reason'],
        properties: {
          endpointId: { type: 'string' },
          reason: { enum: ['disabled', 'event_type_filter', 'entity_type_filter', 'not_targeted'] },
        },
      },
    },
  },
});
