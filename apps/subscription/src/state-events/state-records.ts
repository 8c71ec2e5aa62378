import {
  TENANT_QUOTA_MAXIMA,
  type EndpointRecord,
  type EventTypeRecord,
  type TenantQuotas,
  type TenantRecord,
} from '@hookline/contracts';
import type { EndpointSecretEntity } from '../endpoints/persistence/endpoint-secret.entity';
import type { EndpointEntity } from '../endpoints/persistence/endpoint.entity';
import type { EventTypeEntity } from '../event-types/persistence/event-type.entity';
import type { ApiKeyEntity } from '../tenants/persistence/api-key.entity';
import type { TenantEntity } from '../tenants/persistence/tenant.entity';

/**
 * The secrets an endpoint record carries: those still signing, newest first, never more than the highest
 * `liveSecretsPerEndpoint` an operator may set (the quota keeps a tenant far below it), so the record cannot
 * grow with a rotation storm. Expired ones sign nothing and are left out.
 */
export function liveSecrets(secrets: EndpointSecretEntity[], now: Date): EndpointSecretEntity[] {
  return secrets
    .filter((secret) => secret.expiresAt === null || secret.expiresAt.getTime() > now.getTime())
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, TENANT_QUOTA_MAXIMA.liveSecretsPerEndpoint);
}

/** The endpoint's full state as published on the subscriptions topic (secrets stay encrypted). */
export function toEndpointRecord(endpoint: EndpointEntity, secrets: EndpointSecretEntity[]): EndpointRecord {
  return {
    kind: 'endpoint',
    id: endpoint.id,
    tenantId: endpoint.tenantId,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    entityTypes: endpoint.entityTypes,
    headers: endpoint.headers,
    rateLimitPerSecond: endpoint.rateLimitPerSecond,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    secrets: secrets.map((secret) => ({
      id: secret.id,
      encrypted: secret.encrypted,
      createdAt: secret.createdAt.toISOString(),
      ...(secret.expiresAt === null ? {} : { expiresAt: secret.expiresAt.toISOString() }),
    })),
    verification: {
      status: endpoint.verificationStatus,
      checkedAt: endpoint.verificationCheckedAt?.toISOString() ?? null,
    },
    version: endpoint.version,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

/**
 * The tenant's state as published: its live API keys (the caller leaves revoked ones out), only as hashes; `quotas` are its effective limits, which
 * delivery enforces its share of (replays, resends).
 */
export function toTenantRecord(
  tenant: TenantEntity,
  apiKeys: ApiKeyEntity[],
  quotas: TenantQuotas,
): TenantRecord {
  return {
    kind: 'tenant',
    id: tenant.id,
    name: tenant.name,
    apiKeys: apiKeys.map((key) => ({
      id: key.id,
      hash: key.keyHash,
      revokedAt: key.revokedAt === null ? null : key.revokedAt.toISOString(),
    })),
    quotas,
    version: tenant.version,
    createdAt: tenant.createdAt.toISOString(),
    updatedAt: tenant.updatedAt.toISOString(),
  };
}

export function toEventTypeRecord(eventType: EventTypeEntity): EventTypeRecord {
  return {
    kind: 'event-type',
    tenantId: eventType.tenantId,
    type: eventType.type,
    description: eventType.description,
    schema: eventType.schema,
    archived: eventType.archived,
    version: eventType.version,
    createdAt: eventType.createdAt.toISOString(),
    updatedAt: eventType.updatedAt.toISOString(),
  };
}
