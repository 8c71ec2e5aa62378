import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { validateEventRoutingRecord, type EventRoutingRecord } from '@hookline/contracts';
import { DeadLetterSink, KafkaPublisher } from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import { HooklineAttributes } from '@hookline/tracing';
import { HEALTH_CONFIG, type HealthConfig } from '../config/health.config';
import { HealthStore } from '../database/health-store';
import { HealthMetrics } from '../metrics/health-metrics';
import { newestTimestamp } from './outcomes.consumer';
import { ProjectionConsumer } from './projection-consumer';
import { ApplyRoutingRecordsUseCase } from './usecases/apply-routing-records/apply-routing-records.usecase';

/** Feeds `hookline.event-routing.v1` (how delivery routed each event) into the event-trace tables. */
@Injectable()
export class RoutingConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly projection: ProjectionConsumer<EventRoutingRecord>;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(HEALTH_CONFIG) config: HealthConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    publisher: KafkaPublisher,
    store: HealthStore,
    applyRoutingRecords: ApplyRoutingRecordsUseCase,
    metrics: HealthMetrics,
  ) {
    this.projection = new ProjectionConsumer({
      kafka,
      groupId: `${config.groupPrefix}.routing`,
      topic: config.topics.eventRouting,
      logger: logger.child({ component: 'routing-consumer' }),
      deadLetters: new DeadLetterSink({
        topic: config.deadLetterTopic,
        consumer: 'health.routing',
        publish: (records) => publisher.publish(records),
        logger: logger.child({ component: 'dead-letters' }),
      }),
      failurePolicy: config.consumerFailurePolicy,
      storedPosition: (partition) => store.read.positions.find(config.topics.eventRouting, partition),
      validate: validateEventRoutingRecord,
      apply: async (batch) => {
        const result = await applyRoutingRecords.execute(batch);
        if (result.kind === 'applied' && batch.invalid.length > 0) {
          metrics.deadLettered.inc({ topic: batch.topic }, batch.invalid.length);
        }
        return result;
      },
      spanAttributes: (routed) => ({
        [HooklineAttributes.tenant]: routed.tenantId,
        [HooklineAttributes.eventId]: routed.eventId,
      }),
      onApplied: (batch, applied) =>
        metrics.observeBatch(batch.topic, batch.partition, applied, newestTimestamp(batch.messages)),
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.projection.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.projection.stop();
  }
}
