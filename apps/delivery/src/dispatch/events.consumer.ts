import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import {
  describeFieldErrors,
  parseJson,
  validateHooklineEvent,
  type HooklineEvent,
} from '@hookline/contracts';
import {
  ParallelConsumer,
  DeadLetterSink,
  InvalidRecordError,
  traceContextOf,
  trackConsumerLag,
  type ConsumedMessage,
} from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import { consumedRecordAttributes, eventAttributes, inConsumerSpan } from '@hookline/tracing';
import { DELIVERY_CONFIG, FETCH_BYTES_PER_PARTITION, type DeliveryConfig } from '../config/delivery.config';
import { RoutingTable } from '../routing/routing-table';
import { DurablePublisher } from './durable-publisher';
import { RouteEventUseCase } from './usecases/route-event/route-event.usecase';

/**
 * Reads `hookline.events.v1` once the routing table is loaded, handling each partition's events concurrently
 * and committing in order. Decides, in one place, what happens to each record: routed (the routing record and
 * every matched endpoint's first-attempt task durable on the `0s` tier, where the endpoint's owner attempts
 * it), or dead-lettered with the reason when it is invalid.
 */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: ParallelConsumer;
  private readonly logger: Logger;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    private readonly routing: RoutingTable,
    private readonly routeEvent: RouteEventUseCase,
    publisher: DurablePublisher,
  ) {
    this.logger = logger.child({ component: 'events-consumer' });
    const groupId = `${config.groupPrefix}.events`;
    this.consumer = new ParallelConsumer({
      kafka,
      groupId,
      topics: [config.topics.events],
      fromBeginning: true,
      maxInFlightPerPartition: config.consumers.inFlightPerPartition,
      // A fetch is a few hundred records: several windows' worth, and what a backlog holds at most.
      maxBytesPerPartition: FETCH_BYTES_PER_PARTITION,
      sessionTimeoutMs: config.consumers.sessionTimeoutMs,
      rebalanceDrainMs: config.consumers.rebalanceDrainMs,
      logger: this.logger,
      handleMessage: (message) => this.handleMessage(message),
      deadLetters: new DeadLetterSink({
        topic: config.topics.deliveriesDeadLetter,
        consumer: 'delivery.events',
        publish: (records) => publisher.publish(records),
        logger: this.logger,
      }),
      failurePolicy: config.consumerFailurePolicy,
    });
    trackConsumerLag(this.consumer.kafkaConsumer, groupId);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.routing.load();
    await this.consumer.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.consumer.stop(this.config.consumers.shutdownGraceMs);
  }

  private async handleMessage({ topic, partition, message }: ConsumedMessage): Promise<void> {
    const event = parseEvent(message.value);
    if (!event.ok) throw new InvalidRecordError(event.reason);
    await inConsumerSpan(
      {
        name: `process ${topic}`,
        parent: () => traceContextOf(message.headers),
        attributes: () => ({
          ...consumedRecordAttributes(topic, partition, message.offset),
          ...eventAttributes(event.value),
        }),
      },
      // The tasks it publishes carry this span's trace context to the attempts (KafkaPublisher's headers).
      () => this.routeEvent.execute({ event: event.value, position: { partition, offset: message.offset } }),
    );
  }
}

function parseEvent(
  value: Buffer | null,
): { ok: true; value: HooklineEvent } | { ok: false; reason: string } {
  const json = parseJson(value);
  if (!json.ok) return { ok: false, reason: describeFieldErrors(json.errors) };
  const event = validateHooklineEvent(json.value);
  return event.ok ? event : { ok: false, reason: describeFieldErrors(event.errors) };
}
