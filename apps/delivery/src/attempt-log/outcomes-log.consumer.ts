import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { describeFieldErrors, parseJson, validateDeliveryOutcome } from '@hookline/contracts';
import { BatchConsumer, type ConsumedBatch } from '@hookline/kafka';
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
  ) {
    this.logger = logger.child({ component: 'outcomes-log-consumer' });
    this.consumer = new BatchConsumer({
      kafka,
      groupId: `${config.groupPrefix}.attempt-log`,
      topics: [config.topics.deliveryOutcomes],
      fromBeginning: true,
      partitionsConsumedConcurrently: 2,
      sessionTimeoutMs: config.consumers.sessionTimeoutMs,
      logger: this.logger,
      handleBatch: (batch) => this.handleBatch(batch),
    });
  }

  onApplicationBootstrap(): void {
    this.consumer.startInBackground();
  }

  onModuleDestroy(): Promise<void> {
    return this.consumer.stop(this.config.consumers.shutdownGraceMs);
  }

  private async handleBatch(batch: ConsumedBatch): Promise<void> {
    if (batch.messages.length === 0) return;
    const outcomes: PositionedOutcome[] = [];
    for (const message of batch.messages) {
      const json = parseJson(message.value);
      const outcome = json.ok ? validateDeliveryOutcome(json.value) : json;
      if (outcome.ok)
        outcomes.push({ partition: batch.partition, offset: message.offset, outcome: outcome.value });
      else {
        // Outcomes are our own records: an invalid one is a bug, logged with where to find it.
        const reason = describeFieldErrors(outcome.errors);
        this.logger.error(
          { topic: batch.topic, partition: batch.partition, offset: message.offset, reason },
          'invalid delivery outcome not logged',
        );
      }
    }
    await this.recordOutcomes.execute(outcomes);
    batch.markDone(batch.messages[batch.messages.length - 1].offset);
  }
}
