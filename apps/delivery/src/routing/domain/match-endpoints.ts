import {
  eventTypeMatches,
  eventTypeParts,
  type EndpointRecord,
  type HooklineEvent,
  type RoutingSkipReason,
} from '@hookline/contracts';

export interface RoutingDecision {
  matched: EndpointRecord[];
  /** Every endpoint of the tenant that did not match, with why: no event is left unexplained. */
  skipped: Array<{ endpointId: string; reason: RoutingSkipReason }>;
}

/**
 * Which of a tenant's endpoints an event goes to. An event aimed at one endpoint (`targetendpointid`: test
 * events, resends) goes to that endpoint alone whatever its filters, but never to a disabled one. Pure: the
 * routing table supplies the endpoints.
 */
export function matchEndpoints(
  event: Pick<HooklineEvent, 'type' | 'targetendpointid'>,
  tenantEndpoints: readonly EndpointRecord[],
): RoutingDecision {
  const decision: RoutingDecision = { matched: [], skipped: [] };
  const { entity } = eventTypeParts(event.type);
  for (const endpoint of tenantEndpoints) {
    const reason =
      event.targetendpointid === undefined
        ? skipReason(endpoint, event.type, entity)
        : targetedSkipReason(endpoint, event.targetendpointid);
    if (reason === undefined) decision.matched.push(endpoint);
    else decision.skipped.push({ endpointId: endpoint.id, reason });
  }
  return decision;
}

function skipReason(endpoint: EndpointRecord, type: string, entity: string): RoutingSkipReason | undefined {
  if (!endpoint.enabled) return 'disabled';
  if (!endpoint.eventTypes.some((filter) => eventTypeMatches(filter, type))) return 'event_type_filter';
  if (endpoint.entityTypes.length > 0 && !endpoint.entityTypes.includes(entity)) return 'entity_type_filter';
  return undefined;
}

function targetedSkipReason(endpoint: EndpointRecord, targetId: string): RoutingSkipReason | undefined {
  if (endpoint.id !== targetId) return 'not_targeted';
  return endpoint.enabled ? undefined : 'disabled';
}
