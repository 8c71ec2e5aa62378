import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../../../config/delivery.config';
import { DeliveryMetrics } from '../../../metrics/delivery-metrics';
import { RoutingTable } from '../../../routing/routing-table';
import { deadLetterRecord } from '../../delivery-records';
import { deadLetteredTask } from '../../domain/attempt-outcome';
import type { DeliveryTask } from '../../domain/delivery-task';
import { DurablePublisher } from '../../durable-publisher';
import {
  DeliverToEndpointUseCase,
  type DeliveryStep,
} from '../deliver-to-endpoint/deliver-to-endpoint.usecase';

/**
 * A due task from a retry tier (a first attempt, a retry, or a resend, replay or recovery): the attempt against the
 * endpoint's current state. An endpoint that was deleted or disabled meanwhile gets no attempt; the task is
 * dead-lettered with that reason, so it can be recovered once the endpoint is back.
 */
@Injectable()
export class RetryDeliveryUseCase {
  private readonly logger: Logger;

  constructor(
    private readonly routing: RoutingTable,
    private readonly deliverToEndpoint: DeliverToEndpointUseCase,
    private readonly publisher: DurablePublisher,
    private readonly metrics: DeliveryMetrics,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'retry-delivery' });
  }

  async execute(task: DeliveryTask, incomingTraceparent?: string): Promise<DeliveryStep> {
    const endpoint = this.routing.endpointOfTenant(task.event.tenantid, task.endpointId);
    const unavailable =
      endpoint === undefined
        ? 'endpoint deleted'
        : endpoint.enabled
          ? undefined
          : `endpoint disabled${endpoint.disabledReason === null ? '' : ` (${endpoint.disabledReason})`}`;
    let step: DeliveryStep;
    if (endpoint === undefined || unavailable !== undefined) {
      const reason = unavailable ?? 'endpoint unavailable';
      this.logger.warn(
        { eventId: task.event.id, tenantId: task.event.tenantid, endpointId: task.endpointId, reason },
        'delivery dead-lettered without an attempt',
      );
      this.metrics.recordStep('dead_lettered');
      const dead = deadLetteredTask(task, undefined, reason, new Date());
      step = { status: 'dead_lettered', records: [deadLetterRecord(this.config.topics, dead)] };
    } else {
      step = await this.deliverToEndpoint.execute({ task, endpoint, incomingTraceparent });
    }
    await this.publisher.publish(step.records);
    return step;
  }
}
