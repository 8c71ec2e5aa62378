import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import {
  CoPartitionedAssigner,
  ParallelConsumer,
  DeadLetterSink,
  InvalidRecordError,
  QUIET_CONSUMER_FETCH_WAIT_MS,
  headerString,
  traceContextOf,
  trackConsumerLag,
  type ConsumedMessage,
} from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import {
  HooklineAttributes,
  consumedRecordAttributes,
  eventAttributes,
  inConsumerSpan,
} from '@hookline/tracing';
import { DELIVERY_CONFIG, FETCH_BYTES_PER_PARTITION, type DeliveryConfig } from '../config/delivery.config';
import { RoutingTable } from '../routing/routing-table';
import { DUE_AT_HEADER } from './delivery-records';
import { parseDeliveryTask } from './domain/delivery-task';
import { tierName } from './domain/retry-schedule';
import { DurablePublisher } from './durable-publisher';
import { RetryTierTopics } from './retry-tier-topics';
import { RetryDeliveryUseCase } from './usecases/retry-delivery/retry-delivery.usecase';

/**
 * Reads every retry tier, the `0s` lane of first attempts included: every webhook attempt is made here. Tier
 * records are keyed by endpoint id and every tier has the same partition count, and the group assigns
 * partition p of every tier to one member (`CoPartitionedAssigner`), so each endpoint has one owner at a time
 * and its gate (rate, concurrency, circuit) in that process is the endpoint's limit, whatever the replica
 * count. A partition whose next task is not yet due is paused until it is (a timer resumes it): the other
 * partitions and tiers keep flowing. Tasks that are due are handled concurrently and committed in order; an
 * unreadable record is dead-lettered with the reason.
 */
@Injectable()
export class RetryTiersConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer?: ParallelConsumer;
  private readonly logger: Logger;

  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    private readonly routing: RoutingTable,
    private readonly tierTopics: RetryTierTopics,
    private readonly retryDelivery: RetryDeliveryUseCase,
    private readonly publisher: DurablePublisher,
  ) {
    this.logger = logger.child({ component: 'retry-tiers-consumer' });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.routing.load();
    const groupId = `${this.config.groupPrefix}.retries`;
    // Tiers of an earlier schedule too, so a schedule change strands nothing.
    const topics = await this.tierTopics.consumedTopics();
    const uneven = await this.tierTopics.unevenTiers(topics);
    if (uneven.length > 0) {
      this.logger.warn(
        { groupId, uneven, lane: this.config.topics.retry(tierName(0)) },
        'retry tiers with a partition count other than the 0s tier: an endpoint with work there may have two owners, so its limits hold per process for that work (docs/operations.md, "Sizing")',
      );
    }
    this.consumer = new ParallelConsumer({
      kafka: this.kafka,
      groupId,
      topics,
      partitionAssigners: [CoPartitionedAssigner],
      fromBeginning: true,
      maxInFlightPerPartition: this.config.consumers.inFlightPerPartition,
      // A fetch is a few hundred records: several windows' worth, and what a backlog holds at most.
      maxBytesPerPartition: FETCH_BYTES_PER_PARTITION,
      sessionTimeoutMs: this.config.consumers.sessionTimeoutMs,
      // A held partition resumes at the next fetch: a retry may start up to this much after it is due.
      maxWaitTimeInMs: QUIET_CONSUMER_FETCH_WAIT_MS,
      rebalanceDrainMs: this.config.consumers.rebalanceDrainMs,
      logger: this.logger,
      handleMessage: (message) => this.handleMessage(message),
      deadLetters: new DeadLetterSink({
        topic: this.config.topics.deliveriesDeadLetter,
        consumer: 'delivery.retries',
        publish: (records) => this.publisher.publish(records),
        logger: this.logger,
      }),
      failurePolicy: this.config.consumerFailurePolicy,
      notBefore: ({ message }) => dueAt(headerString(message.headers, DUE_AT_HEADER)),
    });
    // One series per tier topic and partition: a held tier's lag is its backlog of not-yet-due retries.
    trackConsumerLag(this.consumer.kafkaConsumer, groupId);
    await this.consumer.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.consumer?.stop(this.config.consumers.shutdownGraceMs) ?? Promise.resolve();
  }

  private async handleMessage({ topic, partition, message }: ConsumedMessage): Promise<void> {
    const task = parseDeliveryTask(message.value);
    if (!task.ok) throw new InvalidRecordError(task.reason);
    await inConsumerSpan(
      {
        name: `process ${topic}`,
        parent: () => traceContextOf(message.headers),
        attributes: () => ({
          ...consumedRecordAttributes(topic, partition, message.offset),
          ...eventAttributes(task.value.event),
          [HooklineAttributes.endpointId]: task.value.endpointId,
          [HooklineAttributes.attempt]: task.value.attempt,
        }),
      },
      () => this.retryDelivery.execute(task.value, headerString(message.headers, 'traceparent')),
    );
  }
}

function dueAt(header: string | undefined): number | undefined {
  const value = header === undefined ? NaN : Number(header);
  return Number.isFinite(value) ? value : undefined;
}
