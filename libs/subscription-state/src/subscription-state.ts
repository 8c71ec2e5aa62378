import {
  eventTypeOfRecordKey,
  eventTypeRecordKey,
  tenantIdOfRecordKey,
  type EndpointRecord,
  type EventTypeRecord,
  type SubscriptionRecord,
  type TenantRecord,
} from '@hookline/contracts';

export type EndpointChange = { endpointId: string; before?: EndpointRecord; after?: EndpointRecord };

/**
 * The in-memory view of `hookline.subscriptions.v1`: endpoints by tenant and API-key hashes. Pure state, fed
 * by the replica consumer; an older version of a record never replaces a newer one.
 */
export class SubscriptionState {
  private readonly endpoints = new Map<string, EndpointRecord>();
  private readonly endpointIdsByTenant = new Map<string, Set<string>>();
  private readonly tenants = new Map<string, TenantRecord>();
  private readonly tenantByKeyHash = new Map<string, string>();
  private readonly eventTypes = new Map<string, EventTypeRecord>();

  applyRecord(key: string, record: SubscriptionRecord | null): EndpointChange | undefined {
    if (record === null) return this.removeByKey(key);
    switch (record.kind) {
      case 'endpoint':
        return this.putEndpoint(record);
      case 'tenant':
        return this.putTenant(record);
      case 'event-type':
        return this.putEventType(key, record);
    }
  }

  endpoint(endpointId: string): EndpointRecord | undefined {
    return this.endpoints.get(endpointId);
  }

  endpointsOfTenant(tenantId: string): EndpointRecord[] {
    const ids = this.endpointIdsByTenant.get(tenantId);
    if (ids === undefined) return [];
    return [...ids].map((id) => this.endpoints.get(id)).filter((e): e is EndpointRecord => e !== undefined);
  }

  allEndpoints(): IterableIterator<EndpointRecord> {
    return this.endpoints.values();
  }

  tenant(tenantId: string): TenantRecord | undefined {
    return this.tenants.get(tenantId);
  }

  tenantIdForKeyHash(keyHash: string): string | undefined {
    return this.tenantByKeyHash.get(keyHash);
  }

  eventType(tenantId: string, type: string): EventTypeRecord | undefined {
    return this.eventTypes.get(eventTypeRecordKey(tenantId, type));
  }

  eventTypesOfTenant(tenantId: string): EventTypeRecord[] {
    return [...this.eventTypes.values()].filter((record) => record.tenantId === tenantId);
  }

  private removeByKey(key: string): EndpointChange | undefined {
    const tenantId = tenantIdOfRecordKey(key);
    if (tenantId !== undefined) return this.removeTenant(tenantId);
    if (eventTypeOfRecordKey(key) !== undefined) {
      this.eventTypes.delete(key);
      return undefined;
    }
    return this.removeEndpoint(key);
  }

  private putEventType(key: string, record: EventTypeRecord): undefined {
    const before = this.eventTypes.get(key);
    if (before === undefined || before.version <= record.version) this.eventTypes.set(key, record);
    return undefined;
  }

  private putEndpoint(record: EndpointRecord): EndpointChange | undefined {
    const before = this.endpoints.get(record.id);
    if (before !== undefined && before.version > record.version) return undefined;
    this.endpoints.set(record.id, record);
    const ids = this.endpointIdsByTenant.get(record.tenantId) ?? new Set<string>();
    ids.add(record.id);
    this.endpointIdsByTenant.set(record.tenantId, ids);
    return { endpointId: record.id, before, after: record };
  }

  private removeEndpoint(endpointId: string): EndpointChange | undefined {
    const before = this.endpoints.get(endpointId);
    if (before === undefined) return undefined;
    this.endpoints.delete(endpointId);
    this.endpointIdsByTenant.get(before.tenantId)?.delete(endpointId);
    return { endpointId, before };
  }

  private removeTenant(tenantId: string): undefined {
    for (const key of this.tenants.get(tenantId)?.apiKeys ?? []) this.tenantByKeyHash.delete(key.hash);
    this.tenants.delete(tenantId);
    return undefined;
  }

  private putTenant(record: TenantRecord): undefined {
    const before = this.tenants.get(record.id);
    if (before !== undefined && before.version > record.version) return undefined;
    for (const key of before?.apiKeys ?? []) this.tenantByKeyHash.delete(key.hash);
    for (const key of record.apiKeys) {
      if (key.revokedAt === null) this.tenantByKeyHash.set(key.hash, record.id);
    }
    this.tenants.set(record.id, record);
    return undefined;
  }
}
