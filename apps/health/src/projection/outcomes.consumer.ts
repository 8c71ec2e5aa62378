import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { validateDeliveryOutcome, type DeliveryOutcome } from '@hookline/contracts';
import { DeadLetterSink, KafkaPublisher } from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import { HooklineAttributes } from '@hookline/tracing';
import { HEALTH_CONFIG, type HealthConfig } from '../config/health.config';
import { HealthStore } from '../database/health-store';
import { HealthMetrics } from '../metrics/health-metrics';
import { DecisionLedger } from '../retirement/decision-ledger';
import { ProjectionConsumer } from './projection-consumer';
import { ApplyOutcomesUseCase } from './usecases/apply-outcomes/apply-outcomes.usecase';
import type { PositionedBatch } from './usecases/positioned-batch';

/** Feeds `hookline.delivery-outcomes.v1` into the projection, one transaction per fetched batch. */
@Injectable()
export class OutcomesConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly projection: ProjectionConsumer<DeliveryOutcome>;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(HEALTH_CONFIG) config: HealthConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    publisher: KafkaPublisher,
    store: HealthStore,
    private readonly applyOutcomes: ApplyOutcomesUseCase,
    private readonly metrics: HealthMetrics,
    private readonly ledger: DecisionLedger,
  ) {
    this.projection = new ProjectionConsumer({
      kafka,
      groupId: `${config.groupPrefix}.outcomes`,
      topic: config.topics.deliveryOutcomes,
      logger: logger.child({ component: 'outcomes-consumer' }),
      deadLetters: new DeadLetterSink({
        topic: config.deadLetterTopic,
        consumer: 'health.outcomes',
        publish: (records) => publisher.publish(records),
        logger: logger.child({ component: 'dead-letters' }),
      }),
      failurePolicy: config.consumerFailurePolicy,
      storedPosition: (partition) => store.read.positions.find(config.topics.deliveryOutcomes, partition),
      validate: validateDeliveryOutcome,
      apply: (batch) => this.apply(batch),
      spanAttributes: (outcome) => ({
        [HooklineAttributes.tenant]: outcome.tenantId,
        [HooklineAttributes.eventId]: outcome.eventId,
        [HooklineAttributes.endpointId]: outcome.endpointId,
        [HooklineAttributes.attempt]: outcome.attempt,
        [HooklineAttributes.result]: outcome.result,
      }),
      onApplied: (batch, applied) =>
        metrics.observeBatch(batch.topic, batch.partition, applied, newestTimestamp(batch.messages)),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Decisions already on the topic must be known before outcomes can re-derive them.
    await this.ledger.load();
    await this.projection.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.projection.stop();
  }

  private async apply(batch: PositionedBatch<DeliveryOutcome>) {
    const result = await this.applyOutcomes.execute(batch);
    if (result.kind === 'applied') {
      for (const decision of result.result ?? []) this.metrics.decisions.inc({ decision: decision.decision });
      if (batch.invalid.length > 0)
        this.metrics.deadLettered.inc({ topic: batch.topic }, batch.invalid.length);
      for (const record of batch.records) this.metrics.outcomesApplied.inc({ result: record.value.result });
    }
    return result;
  }
}

export function newestTimestamp(messages: ReadonlyArray<{ timestamp: string }>): number {
  return messages.reduce((newest, message) => Math.max(newest, Number(message.timestamp)), 0);
}
