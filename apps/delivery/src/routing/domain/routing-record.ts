import { webhookIdFor, type EventRoutingRecord, type HooklineEvent } from '@hookline/contracts';
import type { RoutingDecision } from './match-endpoints';

/** What `hookline.event-routing.v1` says about one consumed event: matched (with webhook ids) and skipped. */
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
    skipped: decision.skipped,
  };
}
