import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import {
  BatchConsumer,
  DeadLetterSink,
  KafkaPublisher,
  QUIET_CONSUMER_FETCH_WAIT_MS,
  headerString,
  type ConsumedBatch,
} from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../config/delivery.config';
import { parseDeliveryTask } from '../dispatch/domain/delivery-task';
import type { PositionedDeadLetter } from './persistence/dead-letters.repository';
import { RecordDeadLettersUseCase } from './usecases/record-dead-letters/record-dead-letters.usecase';

/**
 * Keeps `hookline.deliveries.dlq.v1`'s dead-lettered deliveries in Postgres, where recovery finds them.
 * Invalid events and tasks also land on that topic (with their reason in headers); they are not deliveries
 * and stay on the topic only.
 */
@Injectable()
export class DeadLettersConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: BatchConsumer;
  private readonly logger: Logger;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    private readonly recordDeadLetters: RecordDeadLettersUseCase,
    publisher: KafkaPublisher,
  ) {
    this.logger = logger.child({ component: 'dead-letters-consumer' });
    this.consumer = new BatchConsumer({
      kafka,
      groupId: `${config.groupPrefix}.dead-letters`,
      topics: [config.topics.deliveriesDeadLetter],
      fromBeginning: true,
      sessionTimeoutMs: config.consumers.sessionTimeoutMs,
      maxWaitTimeInMs: QUIET_CONSUMER_FETCH_WAIT_MS,
      logger: this.logger,
      handleBatch: (batch) => this.handleBatch(batch),
      // An unreadable dead-lettered delivery goes back to the same topic under another kind (which this
      // consumer skips), with the reason it could not be stored: it stays findable and never loops.
      deadLetters: new DeadLetterSink({
        topic: config.topics.deliveriesDeadLetter,
        consumer: 'delivery.dead-letters',
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
    const deadLetters: PositionedDeadLetter[] = [];
    for (const message of batch.messages) {
      if (headerString(message.headers, 'hookline-dlq-kind') !== 'delivery') continue;
      const task = parseDeliveryTask(message.value);
      if (task.ok && task.value.deadLetter !== undefined) {
        deadLetters.push({ partition: batch.partition, offset: message.offset, task: task.value });
      } else {
        await batch.deadLetter(message, task.ok ? 'no deadLetter section' : task.reason);
      }
    }
    await this.recordDeadLetters.execute(deadLetters);
    batch.markDone(batch.lastOffset);
  }
}
