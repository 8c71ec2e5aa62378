import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EndpointRecord } from '@hookline/contracts';
import { ROOT_LOGGER } from '@hookline/observability';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../../../config/delivery.config';
import { routingRecord } from '../../../routing/domain/routing-record';
import { RoutingTable } from '../../../routing/routing-table';
import { retryRecord, routingRecordOut } from '../../delivery-records';
import type { DeliveryTask } from '../../domain/delivery-task';
import { DurablePublisher } from '../../durable-publisher';
import type { RouteEventCommand } from './route-event.command';

/**
 * Routes one event and hands each matched endpoint its first attempt as a task on the `0s` tier, keyed by
 * endpoint id, in one durable step with the routing record. Attempts are made only by the tier consumer,
 * whose partitions give every endpoint one owner at a time (docs/architecture.md, "Endpoint ownership"):
 * that is what makes an endpoint's rate, concurrency and circuit hold across replicas. Resolves once Kafka
 * has acknowledged the records, so the caller may then commit the event's offset.
 */
@Injectable()
export class RouteEventUseCase {
  private readonly logger: Logger;

  constructor(
    private readonly routing: RoutingTable,
    private readonly publisher: DurablePublisher,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'route-event' });
  }

  async execute({ event, position }: RouteEventCommand): Promise<DeliveryTask[]> {
    const decision = this.routing.route(event);
    if (decision.matched.length === 0) {
      this.logger.debug(
        { eventId: event.id, tenantId: event.tenantid, type: event.type, tenantKnown: decision.tenantKnown },
        'event matched no endpoint',
      );
    }
    // The routing record derives each matched endpoint's webhook-id; the tasks reuse them (a hash each).
    const now = new Date();
    const routed = routingRecord(event, decision, decision.tenantKnown, now);
    const tasks = decision.matched.map((endpoint, i) =>
      firstTask(event, endpoint, routed.matched[i].webhookId, position, now),
    );
    await this.publisher.publish([
      routingRecordOut(this.config.topics, routed),
      ...tasks.map((task) => retryRecord(this.config.topics, 0, task)),
    ]);
    return tasks;
  }
}

function firstTask(
  event: RouteEventCommand['event'],
  endpoint: EndpointRecord,
  webhookId: string,
  position: RouteEventCommand['position'],
  now: Date,
): DeliveryTask {
  return {
    event,
    endpointId: endpoint.id,
    webhookId,
    attempt: 1,
    trigger: 'event',
    dueAt: now.toISOString(),
    eventPosition: position,
    history: [],
  };
}
