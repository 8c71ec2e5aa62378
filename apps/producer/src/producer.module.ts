import { Module, type DynamicModule } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { DatabaseModule } from '@hookline/database';
import { KafkaModule } from '@hookline/kafka';
import { OutboxRelayModule } from '@hookline/outbox';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  databaseReadiness,
  kafkaReadiness,
} from '@hookline/observability';
import { replicaReadiness, SubscriptionReplica, SubscriptionStateModule } from '@hookline/subscription-state';
import { PRODUCER_CONFIG, type ProducerConfig } from './config/producer.config';
import { producerDatabase } from './database/producer-database';
import { IngestModule } from './ingest/ingest.module';

@Module({})
export class ProducerModule {
  static forRoot(config: ProducerConfig, logger: Logger): DynamicModule {
    const { batchSize, pollIntervalMs, transactionTimeoutMs, testPause } = config.outbox;
    // Exactly-once: every replica shares the transactional id, so a new leader fences the previous one.
    const outboxRelay = OutboxRelayModule.register({
      schema: 'producer',
      databaseUrl: config.database.url,
      databaseSsl: config.database.ssl,
      batchSize,
      pollIntervalMs,
      exactlyOnce: {
        transactionalId: `${config.groupPrefix}.outbox-relay`,
        progressTopic: config.topics.outboxProgress,
        transactionTimeoutMs,
      },
      testPause,
    });
    return {
      module: ProducerModule,
      global: true,
      imports: [
        LoggingModule.forRoot(logger),
        DatabaseModule.forService(producerDatabase, {
          connection: config.database,
          applicationName: 'hookline-producer',
          migrateOnStart: config.database.migrateOnStart,
        }),
        KafkaModule.forRoot(config, logger),
        SubscriptionStateModule.forRoot({
          topic: config.topics.subscriptions,
          groupPrefix: config.groupPrefix,
          logger,
        }),
        MetricsModule,
        HealthModule.register({
          inject: [DataSource, Kafka, SubscriptionReplica],
          checks: (dataSource: DataSource, kafka: Kafka, replica: SubscriptionReplica) => [
            databaseReadiness(dataSource),
            kafkaReadiness(kafka),
            replicaReadiness('subscription-state', replica),
          ],
        }),
        outboxRelay,
        IngestModule,
      ],
      providers: [{ provide: PRODUCER_CONFIG, useValue: config }],
      exports: [PRODUCER_CONFIG, outboxRelay],
    };
  }
}
