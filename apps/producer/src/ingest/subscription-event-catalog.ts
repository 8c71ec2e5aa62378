import { Inject, Injectable } from '@nestjs/common';
import type { EventTypeRecord } from '@hookline/contracts';
import { SubscriptionReplica } from '@hookline/subscription-state';
import { PRODUCER_CONFIG, type ProducerConfig } from '../config/producer.config';
import type { EventCatalog } from './domain/event-policy';

/** Tenants and event types from the replica of the subscriptions topic (never subscription's tables). */
@Injectable()
export class SubscriptionEventCatalog implements EventCatalog {
  constructor(
    @Inject(SubscriptionReplica) private readonly replica: SubscriptionReplica,
    @Inject(PRODUCER_CONFIG) private readonly config: ProducerConfig,
  ) {}

  isTenantKnown(tenantId: string): boolean {
    return this.replica.state.tenant(tenantId) !== undefined;
  }

  eventType(tenantId: string, type: string): EventTypeRecord | undefined {
    return this.replica.state.eventType(tenantId, type);
  }

  /**
   * Gives tenants the replica does not know yet a moment to arrive (a tenant created a second ago may still
   * be on its way through the subscriptions topic). Returns at once when all are known.
   */
  async awaitTenants(tenantIds: string[]): Promise<void> {
    const { requireKnownTenant, unknownTenantWaitMs } = this.config.ingest;
    if (!requireKnownTenant) return;
    const deadline = Date.now() + unknownTenantWaitMs;
    while (tenantIds.some((id) => !this.isTenantKnown(id)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
