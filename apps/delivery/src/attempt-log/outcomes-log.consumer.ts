import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { describeFieldErrors, parseJson, validateDeliveryOutcome } from '@hookline/contracts';
import {
  BatchConsumer,
  DeadLetterSink,
  KafkaPublisher,
  QUIET_CONSUMER_FETCH_WAIT_MS,
  type ConsumedBatch,
} from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../config/delivery.config';
import type { PositionedOutcome } from './persistence/attempts.repository';
import { RecordOutcomesUseCase } from './usecases/record-outcomes/record-outcomes.usecase';

/** Projects `hookline.delivery-outcomes.v1` into the attempt log, one insert per fetched batch. */
@Injectable()
export class OutcomesLogConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: BatchConsumer;
  private readonly logger: Logger;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    private readonly recordOutcomes: RecordOutcomesUseCase,
    publisher: KafkaPublisher,
  ) {
    this.logger = logger.child({ component: 'outcomes-log-consumer' });
    this.consumer = new BatchConsumer({
      kafka,
      groupId: `${config.groupPrefix}.attempt-log`,
      topics: [config.topics.deliveryOutcomes],
      fromBeginning: true,
      partitionsConsumedConcurrently: 2,
      sessionTimeoutMs: config.consumers.sessionTimeoutMs,
      maxWaitTimeInMs: QUIET_CONSUMER_FETCH_WAIT_MS,
      logger: this.logger,
      handleBatch: (batch) => this.handleBatch(batch),
      deadLetters: new DeadLetterSink({
        topic: config.topics.deliveriesDeadLetter,
        consumer: 'delivery.attempt-log',
        publish: (records) => publisher.publish(records),
        logger: this.logger,
      }),
      failurePolicy: config.consumerFailurePolicy,
    });
  }

  onApplicationBootstrap(): void {
    this.consumer.startInBackground();
  }

  onModuleDestroy(): Promise<void> {
    return this.consumer.stop(this.config.consumers.shutdownGraceMs);
  }

  private async handleBatch(batch: ConsumedBatch): Promise<void> {
    const outcomes: PositionedOutcome[] = [];
    for (const message of batch.messages) {
      const json = parseJson(message.value);
      const outcome = json.ok ? validateDeliveryOutcome(json.value) : json;
      if (outcome.ok)
        outcomes.push({ partition: batch.partition, offset: message.offset, outcome: outcome.value });
      // Outcomes are our own records: an invalid one is a bug, dead-lettered with where to find it.
      else await batch.deadLetter(message, describeFieldErrors(outcome.errors));
    }
    await this.recordOutcomes.execute(outcomes);
    batch.markDone(batch.lastOffset);
  }
}
