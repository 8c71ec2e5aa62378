import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EndpointRecord } from '@hookline/contracts';
import { KafkaPublisher } from '@hookline/kafka';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../config/delivery.config';
import { retryRecord } from '../dispatch/delivery-records';
import type { DeliveryTask } from '../dispatch/domain/delivery-task';
import { RoutingTable } from '../routing/routing-table';

/**
 * Operator-initiated work (resend, replay, recovery) enters delivery through the `0s` retry tier: always due,
 * so it is attempted at once by the tier consumer, with the normal schedule behind it if it fails.
 */
@Injectable()
export class ImmediateLane {
  constructor(
    private readonly publisher: KafkaPublisher,
    private readonly routing: RoutingTable,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
  ) {}

  async enqueue(tasks: DeliveryTask[]): Promise<void> {
    await this.publisher.publish(tasks.map((task) => retryRecord(this.config.topics, 0, task)));
  }

  /** The tenant's endpoint, enabled: 404 when it is not the tenant's, 409 when it is disabled. */
  deliverableEndpoint(tenantId: string, endpointId: string): EndpointRecord {
    const endpoint = this.routing.endpointOfTenant(tenantId, endpointId);
    if (endpoint === undefined) throw new NotFoundException(`endpoint ${endpointId} not found`);
    if (!endpoint.enabled) {
      throw new ConflictException(`endpoint ${endpointId} is disabled; enable it before sending to it`);
    }
    return endpoint;
  }
}
