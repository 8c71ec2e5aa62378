import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka, type KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { describeFieldErrors, parseJson, validateEndpointHealthDecision } from '@hookline/contracts';
import {
  BatchConsumer,
  DeadLetterSink,
  KafkaPublisher,
  QUIET_CONSUMER_FETCH_WAIT_MS,
  trackConsumerLag,
  type ConsumedBatch,
} from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../config/subscription.config';
import { SubscriptionMetrics } from '../metrics/subscription-metrics';
import { ApplyHealthDecisionUseCase } from './usecases/apply-health-decision/apply-health-decision.usecase';

/**
 * Consumes `hookline.endpoint-health.v1`. Why `BatchConsumer` and not @nestjs/microservices' Kafka transport,
 * although this is a low-rate control topic: applying a decision writes Postgres, and when Postgres is
 * briefly away the decision must be retried, not dropped. The Nest transport gives a per-message handler
 * whose throw blocks the partition forever, so it could only log-and-drop; `BatchConsumer` commits an offset
 * only after the handler returned, so a transient failure replays from the last commit, and the
 * decision-id dedupe in Postgres makes the replay harmless. It also keeps the group id under our namespace
 * (the transport appends "-server").
 */
@Injectable()
export class EndpointHealthConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: BatchConsumer;
  private readonly logger: Logger;

  constructor(
    @Inject(Kafka) kafka: Kafka,
    @Inject(SUBSCRIPTION_CONFIG) config: SubscriptionConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    private readonly applyDecision: ApplyHealthDecisionUseCase,
    private readonly metrics: SubscriptionMetrics,
    publisher: KafkaPublisher,
  ) {
    this.logger = logger.child({ component: 'endpoint-health-consumer' });
    const groupId = `${config.groupPrefix}.endpoint-health`;
    this.consumer = new BatchConsumer({
      kafka,
      groupId,
      topics: [config.topics.endpointHealth],
      // Safe from the beginning: every decision id is applied at most once.
      fromBeginning: true,
      maxWaitTimeInMs: QUIET_CONSUMER_FETCH_WAIT_MS,
      logger: this.logger,
      handleBatch: (batch) => this.handleBatch(batch),
      deadLetters: new DeadLetterSink({
        topic: config.topics.endpointHealthDeadLetter,
        consumer: 'subscription.endpoint-health',
        publish: (records) => publisher.publish(records),
        logger: this.logger,
      }),
      failurePolicy: config.consumerFailurePolicy,
    });
    trackConsumerLag(this.consumer, groupId);
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }

  /**
   * Each record's fate: a valid decision is applied, then committed; an invalid one is dead-lettered with its
   * reason and committed (it would be just as invalid the next time); an exception goes to the consumer
   * runtime's failure policy (an outage retried until it ends, anything else a bounded number of times).
   */
  private async handleBatch(batch: ConsumedBatch): Promise<void> {
    for (const message of batch.messages) {
      if (!batch.shouldContinue()) return;
      await this.handleRecord(batch, message);
      batch.markDone(message.offset);
      await batch.heartbeat();
    }
    // Only the position past a dead-lettered record: nothing to apply.
    if (batch.messages.length === 0) batch.markDone(batch.lastOffset);
  }

  private async handleRecord(batch: ConsumedBatch, message: KafkaMessage): Promise<void> {
    const parsed = parseJson(message.value);
    const validated = parsed.ok ? validateEndpointHealthDecision(parsed.value) : parsed;
    if (!validated.ok) {
      await batch.deadLetter(message, describeFieldErrors(validated.errors));
      this.metrics.healthDecisions.inc({ decision: 'unknown', result: 'rejected' });
      return;
    }
    const result = await this.applyDecision.execute(validated.value);
    this.metrics.healthDecisions.inc({ decision: validated.value.decision, result });
  }
}
