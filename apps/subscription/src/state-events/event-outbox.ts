import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { eventPartitionKey, type HooklineEvent } from '@hookline/contracts';
import { appendToOutbox } from '@hookline/outbox';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../config/subscription.config';
import { endpointOperationalEvent, type OperationalEventInput } from './domain/operational-event';

/**
 * Events this service emits, written to the outbox in the transaction of the change they describe, so an
 * event leaves exactly when its change commits.
 */
@Injectable()
export class EventOutbox {
  constructor(@Inject(SUBSCRIPTION_CONFIG) private readonly config: SubscriptionConfig) {}

  /**
   * `endpoint.<action>` goes through the producer path, on the operational-notices topic only this service
   * may write (the producer refuses reserved types from the upstream ingest topic): the producer dedupes it
   * by id and publishes it canonically, so tenants subscribe to it like any other type.
   */
  async operational(manager: EntityManager, inputs: OperationalEventInput[]): Promise<void> {
    const events = inputs.map(endpointOperationalEvent);
    await appendToOutbox(
      manager,
      'subscription',
      events.map((event) => ({
        topic: this.config.topics.operationalNotices,
        key: eventPartitionKey({ tenantid: event.tenant ?? '', type: event.type, subject: event.subject }),
        value: JSON.stringify(event),
      })),
    );
  }

  /** A canonical event straight onto the events topic (test events, which target one endpoint). */
  async canonical(manager: EntityManager, event: HooklineEvent): Promise<void> {
    await appendToOutbox(manager, 'subscription', [
      {
        topic: this.config.topics.events,
        key: eventPartitionKey(event),
        value: JSON.stringify(event),
        headers: { ce_id: event.id, ce_type: event.type, ce_tenantid: event.tenantid },
      },
    ]);
  }
}
