import type { HooklineEvent } from './event-envelope';
import { eventTypeParts } from './event-type-parts';

/**
 * Kafka key `tenant:entityType:entityId`: every event about one entity lands on one partition, so
 * consumers see that entity's events in the order they were published.
 */
export function eventPartitionKey(event: Pick<HooklineEvent, 'tenantid' | 'type' | 'subject'>): string {
  return `${event.tenantid}:${eventTypeParts(event.type).entity}:${event.subject}`;
}
