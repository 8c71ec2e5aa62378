import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EndpointRecord } from '@hookline/contracts';
import { ROOT_LOGGER } from '@hookline/observability';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../../../config/delivery.config';
import { routingRecord } from '../../../routing/domain/routing-record';
import { RoutingTable } from '../../../routing/routing-table';
import { routingRecordOut } from '../../delivery-records';
import type { DeliveryTask } from '../../domain/delivery-task';
import { DurablePublisher } from '../../durable-publisher';
import {
  DeliverToEndpointUseCase,
  type DeliveryStep,
} from '../deliver-to-endpoint/deliver-to-endpoint.usecase';
import type { DeliverEventCommand } from './deliver-event.command';

/**
 * Routes one event, makes the first attempt to every matched endpoint, and publishes, in one durable step,
 * the routing record, every attempt's outcome and every retry or dead letter. Resolves only once Kafka has
 * acknowledged all of them, so the caller may then commit the event's offset.
 */
@Injectable()
export class DeliverEventUseCase {
  private readonly logger: Logger;

  constructor(
    private readonly routing: RoutingTable,
    private readonly deliverToEndpoint: DeliverToEndpointUseCase,
    private readonly publisher: DurablePublisher,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'deliver-event' });
  }

  async execute({ event, position, incomingTraceparent }: DeliverEventCommand): Promise<DeliveryStep[]> {
    const decision = this.routing.route(event);
    if (decision.matched.length === 0) {
      this.logger.debug(
        { eventId: event.id, tenantId: event.tenantid, type: event.type, tenantKnown: decision.tenantKnown },
        'event matched no endpoint',
      );
    }
    // The routing record derives each matched endpoint's webhook-id; the tasks reuse them (a hash each).
    const routed = routingRecord(event, decision, decision.tenantKnown, new Date());
    const steps = await Promise.all(
      decision.matched.map((endpoint, i) =>
        this.deliverToEndpoint.execute({
          task: firstTask(event, endpoint, routed.matched[i].webhookId, position),
          endpoint,
          incomingTraceparent,
        }),
      ),
    );
    await this.publisher.publish([
      routingRecordOut(this.config.topics, routed),
      ...steps.flatMap((step) => step.records),
    ]);
    return steps;
  }
}

function firstTask(
  event: DeliverEventCommand['event'],
  endpoint: EndpointRecord,
  webhookId: string,
  position: DeliverEventCommand['position'],
): DeliveryTask {
  return {
    event,
    endpointId: endpoint.id,
    webhookId,
    attempt: 1,
    trigger: 'event',
    dueAt: new Date().toISOString(),
    eventPosition: position,
    history: [],
  };
}
