import type { EndpointRecord } from '@hookline/contracts';
import { newEndpointHealth, stateOf, type EndpointHealth } from './endpoint-health-state';

export type EndpointRegistryRecord = Pick<
  EndpointRecord,
  'id' | 'tenantId' | 'enabled' | 'disabledReason' | 'createdAt' | 'updatedAt'
>;

/**
 * Mirrors an endpoint's record from the subscriptions topic into its health. Going from disabled to enabled
 * starts a new episode: the failure streak and any retirement are cleared, and attempts that started before
 * the re-enable (`updatedAt` of the record) no longer count against the endpoint.
 */
export function applyEndpointRecord(
  current: EndpointHealth | undefined,
  record: EndpointRegistryRecord,
  failingAfterFailures: number,
): EndpointHealth {
  const base = current ?? newEndpointHealth(record.id, record.tenantId);
  const reenabled = current !== undefined && !current.enabled && record.enabled;
  const next: EndpointHealth = {
    ...base,
    tenantId: record.tenantId,
    enabled: record.enabled,
    deleted: false,
    disabledReason: record.enabled ? null : (record.disabledReason ?? 'disabled by the tenant'),
    endpointCreatedAt: new Date(record.createdAt),
    ...(reenabled
      ? {
          consecutiveFailures: 0,
          failureStreakStartedAt: null,
          failuresResetAt: new Date(record.updatedAt),
          retiredAt: null,
          retiredReason: null,
        }
      : {}),
  };
  return { ...next, state: stateOf(next, failingAfterFailures) };
}

/** A deleted endpoint keeps its history (traces still name it) but leaves every listing and the sweep. */
export function markEndpointDeleted(current: EndpointHealth): EndpointHealth {
  return { ...current, deleted: true };
}

export function isReenabled(before: EndpointHealth | undefined, after: EndpointHealth): boolean {
  return before !== undefined && !before.enabled && after.enabled;
}
