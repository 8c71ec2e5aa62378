import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { effectiveTenantQuotas, eventTypeRecordKey, tenantRecordKey } from '@hookline/contracts';
import { appendToOutbox } from '@hookline/outbox';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../config/subscription.config';
import { EndpointSecretEntity } from '../endpoints/persistence/endpoint-secret.entity';
import { EndpointEntity } from '../endpoints/persistence/endpoint.entity';
import { EventTypeEntity } from '../event-types/persistence/event-type.entity';
import { ApiKeyEntity } from '../tenants/persistence/api-key.entity';
import { TenantEntity } from '../tenants/persistence/tenant.entity';
import { toEndpointRecord, toEventTypeRecord, toTenantRecord } from './state-records';

/**
 * Writes the current full state of a tenant, endpoint or event type to the outbox, inside the transaction
 * that changed it: the compacted subscriptions topic therefore always converges to what Postgres holds.
 * Each method reads the state back through the transaction's manager, so what is published is exactly what
 * commits.
 */
@Injectable()
export class StateRecordWriter {
  constructor(@Inject(SUBSCRIPTION_CONFIG) private readonly config: SubscriptionConfig) {}

  async endpointChanged(manager: EntityManager, tenantId: string, endpointId: string): Promise<void> {
    const endpoint = await manager.findOneByOrFail(EndpointEntity, { id: endpointId, tenantId });
    const secrets = await manager.find(EndpointSecretEntity, {
      where: { endpointId },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    await this.append(manager, endpointId, JSON.stringify(toEndpointRecord(endpoint, secrets)));
  }

  async endpointDeleted(manager: EntityManager, endpointId: string): Promise<void> {
    await this.append(manager, endpointId, null);
  }

  async tenantChanged(manager: EntityManager, tenantId: string): Promise<void> {
    const tenant = await manager.findOneByOrFail(TenantEntity, { id: tenantId });
    const keys = await manager.find(ApiKeyEntity, {
      where: { tenantId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const quotas = effectiveTenantQuotas(this.config.quotaDefaults, tenant.quotaOverrides);
    await this.append(
      manager,
      tenantRecordKey(tenantId),
      JSON.stringify(toTenantRecord(tenant, keys, quotas)),
    );
  }

  async eventTypeChanged(manager: EntityManager, tenantId: string, type: string): Promise<void> {
    const eventType = await manager.findOneByOrFail(EventTypeEntity, { tenantId, type });
    await this.append(
      manager,
      eventTypeRecordKey(tenantId, type),
      JSON.stringify(toEventTypeRecord(eventType)),
    );
  }

  private append(manager: EntityManager, key: string, value: string | null): Promise<void> {
    return appendToOutbox(manager, 'subscription', [{ topic: this.config.topics.subscriptions, key, value }]);
  }
}
