import {
  MAX_LISTED_SKIPPED_ENDPOINTS,
  webhookIdFor,
  type EventRoutingRecord,
  type HooklineEvent,
} from '@hookline/contracts';
import type { RoutingDecision } from './match-endpoints';

/**
 * What `hookline.event-routing.v1` says about one consumed event: matched (with webhook ids) and skipped, of
 * which only the first `MAX_LISTED_SKIPPED_ENDPOINTS` are listed, so a tenant's size never makes the record
 * too large for Kafka (the subscription API bounds how many endpoints one event can match).
 */
export function routingRecord(
  event: HooklineEvent,
  decision: RoutingDecision,
  tenantKnown: boolean,
  routedAt: Date,
): EventRoutingRecord {
  return {
    eventId: event.id,
    tenantId: event.tenantid,
    eventType: event.type,
    subject: event.subject,
    routedAt: routedAt.toISOString(),
    tenantKnown,
    matched: decision.matched.map((endpoint) => ({
      endpointId: endpoint.id,
      webhookId: webhookIdFor(event.tenantid, event.id, endpoint.id),
    })),
    skipped: decision.skipped.slice(0, MAX_LISTED_SKIPPED_ENDPOINTS),
    ...(decision.skipped.length > MAX_LISTED_SKIPPED_ENDPOINTS
      ? { skippedOmitted: decision.skipped.length - MAX_LISTED_SKIPPED_ENDPOINTS }
      : {}),
  };
}
