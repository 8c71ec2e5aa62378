import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import {
  BatchConsumer,
  DeadLetterSink,
  KafkaPublisher,
  trackConsumerLag,
  type ConsumedBatch,
} from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import { SubscriptionReplica } from '@hookline/subscription-state';
import { PRODUCER_CONFIG, type ProducerConfig } from '../config/producer.config';
import { ConsumeIngestRecordsUseCase } from './usecases/consume-ingest-records/consume-ingest-records.usecase';

/** Reads `hookline.ingest.v1` (once the tenant replica is loaded) and hands each fetched batch over. */
@Injectable()
export class IngestConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: BatchConsumer;
  private starting?: Promise<void>;

  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(SubscriptionReplica) private readonly replica: SubscriptionReplica,
    private readonly consumeIngestRecords: ConsumeIngestRecordsUseCase,
    private readonly publisher: KafkaPublisher,
    @Inject(PRODUCER_CONFIG) private readonly config: ProducerConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Starts in the background: after a crash, joining the group can wait for the dead member's session to
   * expire, and HTTP ingest and the relay must not wait for that.
   */
  onApplicationBootstrap(): void {
    if (!this.config.ingest.consumerEnabled) return;
    this.starting = this.start().catch((error: unknown) => {
      this.logger.error({ err: error }, 'ingest consumer failed to start; exiting for a restart');
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
  }

  private async start(): Promise<void> {
    await this.replica.start();
    const groupId = `${this.config.groupPrefix}.ingest`;
    const logger = this.logger.child({ component: 'ingest-consumer' });
    this.consumer = new BatchConsumer({
      kafka: this.kafka,
      groupId,
      topics: [this.config.topics.ingest, this.config.topics.operationalNotices],
      fromBeginning: true,
      logger,
      handleBatch: (batch) => this.handle(batch),
      deadLetters: new DeadLetterSink({
        topic: this.config.topics.ingestDeadLetter,
        consumer: 'producer.ingest',
        publish: (records) => this.publisher.publish(records),
        logger,
      }),
      failurePolicy: this.config.consumerFailurePolicy,
    });
    trackConsumerLag(this.consumer, groupId);
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.starting;
    await this.consumer?.stop();
  }

  private async handle(batch: ConsumedBatch): Promise<void> {
    const result = await this.consumeIngestRecords.execute({
      topic: batch.topic,
      partition: batch.partition,
      records: batch.messages,
      lastOffset: batch.lastOffset,
      deadLetter: (record, reason, { tenantId, eventId, reasonClass }) => {
        const message = batch.messages.find((candidate) => candidate.offset === record.offset);
        if (message === undefined) return Promise.resolve();
        return batch.deadLetter(message, reason, { ids: { tenantId, eventId }, reasonClass });
      },
    });
    batch.markDone(result.lastOffset);
  }
}
