import type { EndpointRecord, HooklineEvent } from '@hookline/contracts';
import { matchEndpoints } from '../../routing/domain/match-endpoints';

/**
 * Whether a replay sends this event to this endpoint: the tenant's event, written after the endpoint
 * existed, that the endpoint's filters select (or that was aimed at it).
 */
export function replaySelects(
  event: HooklineEvent,
  recordTimestampMs: number,
  endpoint: EndpointRecord,
): boolean {
  if (event.tenantid !== endpoint.tenantId) return false;
  if (recordTimestampMs < Date.parse(endpoint.createdAt)) return false;
  return matchEndpoints(event, [{ ...endpoint, enabled: true }]).matched.length === 1;
}
