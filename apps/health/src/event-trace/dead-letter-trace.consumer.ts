import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import {
  BatchConsumer,
  DEAD_LETTER_HEADERS,
  DeadLetterSink,
  KafkaPublisher,
  headerString,
  type ConsumedBatch,
} from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import { HEALTH_CONFIG, type HealthConfig } from '../config/health.config';
import { HealthStore } from '../database/health-store';
import { eventDeadLetterOf } from './domain/event-dead-letter';

const CONSUMER = 'health.dead-letter-trace';

/**
 * Reads the dead-letter topics of the streams that carry tenant events (ingest, deliveries, health's own)
 * and keeps the dead letters that name a tenant event, so its trace says "dead-lettered: <reason>".
 */
@Injectable()
export class DeadLetterTraceConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: BatchConsumer;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(HEALTH_CONFIG) config: HealthConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    publisher: KafkaPublisher,
    private readonly store: HealthStore,
  ) {
    const childLogger = logger.child({ component: 'dead-letter-trace-consumer' });
    this.consumer = new BatchConsumer({
      kafka,
      groupId: `${config.groupPrefix}.dead-letter-trace`,
      topics: [config.topics.ingestDeadLetter, config.topics.deliveriesDeadLetter, config.deadLetterTopic],
      fromBeginning: true,
      logger: childLogger,
      handleBatch: (batch) => this.handleBatch(batch),
      deadLetters: new DeadLetterSink({
        topic: config.deadLetterTopic,
        consumer: CONSUMER,
        publish: (records) => publisher.publish(records),
        logger: childLogger,
      }),
      failurePolicy: config.consumerFailurePolicy,
    });
  }

  onApplicationBootstrap(): void {
    this.consumer.startInBackground();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }

  private async handleBatch(batch: ConsumedBatch): Promise<void> {
    const deadLetters = batch.messages
      // Its own dead letters land on a topic it reads: never trace them, so a failure cannot loop.
      .filter((message) => headerString(message.headers, DEAD_LETTER_HEADERS.consumer) !== CONSUMER)
      .flatMap((message) => eventDeadLetterOf((name) => headerString(message.headers, name)) ?? []);
    await this.store.read.eventDeadLetters.record(deadLetters);
    batch.markDone(batch.lastOffset);
  }
}
