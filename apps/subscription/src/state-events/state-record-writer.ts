import { Inject, Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { effectiveTenantQuotas, eventTypeRecordKey, tenantRecordKey } from '@hookline/contracts';
import { appendToOutbox } from '@hookline/outbox';
import { recordTooLarge } from './record-too-large';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../config/subscription.config';
import { EndpointSecretEntity } from '../endpoints/persistence/endpoint-secret.entity';
import { EndpointEntity } from '../endpoints/persistence/endpoint.entity';
import { EventTypeEntity } from '../event-types/persistence/event-type.entity';
import { ApiKeyEntity } from '../tenants/persistence/api-key.entity';
import { TenantEntity } from '../tenants/persistence/tenant.entity';
import { liveSecrets, toEndpointRecord, toEventTypeRecord, toTenantRecord } from './state-records';

/**
 * Writes the current full state of a tenant, endpoint or event type to the outbox, inside the transaction
 * that changed it: the compacted subscriptions topic therefore always converges to what Postgres holds.
 * Each method reads the state back through the transaction's manager, so what is published is exactly what
 * commits. A record that would not fit Kafka's record limit fails the change before it commits (422 naming
 * the limit), so the outbox never holds a record the relay could not publish.
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
    const record = toEndpointRecord(endpoint, liveSecrets(secrets, new Date()));
    await this.append(manager, endpointId, JSON.stringify(record), `endpoint ${endpointId}`);
  }

  async endpointDeleted(manager: EntityManager, endpointId: string): Promise<void> {
    await this.append(manager, endpointId, null, `endpoint ${endpointId}`);
  }

  async tenantChanged(manager: EntityManager, tenantId: string): Promise<void> {
    const tenant = await manager.findOneByOrFail(TenantEntity, { id: tenantId });
    // Revoked keys are left out: the record would otherwise grow with every key the tenant ever made.
    const keys = await manager.find(ApiKeyEntity, {
      where: { tenantId, revokedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const quotas = effectiveTenantQuotas(this.config.quotaDefaults, tenant.quotaOverrides);
    await this.append(
      manager,
      tenantRecordKey(tenantId),
      JSON.stringify(toTenantRecord(tenant, keys, quotas)),
      `tenant ${tenantId}`,
    );
  }

  async eventTypeChanged(manager: EntityManager, tenantId: string, type: string): Promise<void> {
    const eventType = await manager.findOneByOrFail(EventTypeEntity, { tenantId, type });
    await this.append(
      manager,
      eventTypeRecordKey(tenantId, type),
      JSON.stringify(toEventTypeRecord(eventType)),
      `event type ${type}`,
    );
  }

  private append(manager: EntityManager, key: string, value: string | null, what: string): Promise<void> {
    const record = { topic: this.config.topics.subscriptions, key, value };
    const refusal = recordTooLarge(record, what, this.config.topicProvisioning.maxMessageBytes);
    if (refusal !== undefined) throw refusal;
    return appendToOutbox(manager, 'subscription', [record]);
  }
}
