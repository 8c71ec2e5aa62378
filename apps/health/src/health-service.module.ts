import { Module, type DynamicModule } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { DatabaseModule } from '@hookline/database';
import { KafkaModule } from '@hookline/kafka';
import {
  HealthModule as ProbesModule,
  LoggingModule,
  MetricsModule,
  databaseReadiness,
  kafkaReadiness,
} from '@hookline/observability';
import { OutboxRelayModule } from '@hookline/outbox';
import { replicaReadiness, SubscriptionReplica, SubscriptionStateModule } from '@hookline/subscription-state';
import { HealthClock } from './clock/health-clock';
import { HEALTH_CONFIG, type HealthConfig } from './config/health.config';
import { healthTopicSpecs } from './config/health-topics';
import { healthDatabase } from './database/health-database';
import { HealthStore } from './database/health-store';
import { EndpointHealthModule } from './endpoint-health/endpoint-health.module';
import { EventTraceModule } from './event-trace/event-trace.module';
import { HealthMetrics } from './metrics/health-metrics';
import { ProjectionModule } from './projection/projection.module';
import { DecisionLedger } from './retirement/decision-ledger';
import { RetirementModule } from './retirement/retirement.module';

@Module({})
export class HealthServiceModule {
  static forRoot(config: HealthConfig, logger: Logger): DynamicModule {
    return {
      module: HealthServiceModule,
      global: true,
      imports: [
        LoggingModule.forRoot(logger),
        DatabaseModule.forService(healthDatabase, {
          connection: config.database,
          applicationName: 'hookline-health',
          migrateOnStart: config.database.migrateOnStart,
        }),
        KafkaModule.forRoot(
          config,
          logger,
          healthTopicSpecs(config.kafka.namespace, config.topicProvisioning),
        ),
        SubscriptionStateModule.forRoot({
          topic: config.topics.subscriptions,
          groupPrefix: config.groupPrefix,
          logger,
          apiKeyRateLimit: config.apiKeyRateLimit,
        }),
        // Decisions and dead letters leave through the outbox, after the transaction that produced them.
        OutboxRelayModule.register({
          schema: healthDatabase.schema,
          databaseUrl: config.database.url,
          databaseSsl: config.database.ssl,
          batchSize: config.outbox.batchSize,
          pollIntervalMs: config.outbox.pollIntervalMs,
        }),
        MetricsModule,
        ProbesModule.register({
          inject: [DataSource, Kafka, SubscriptionReplica],
          checks: (dataSource: DataSource, kafka: Kafka, replica: SubscriptionReplica) => [
            databaseReadiness(dataSource),
            kafkaReadiness(kafka),
            replicaReadiness('subscription-state', replica),
          ],
        }),
        ProjectionModule,
        RetirementModule,
        EndpointHealthModule,
        EventTraceModule,
      ],
      providers: [
        { provide: HEALTH_CONFIG, useValue: config },
        { provide: HealthClock, useFactory: () => new HealthClock(config.clock) },
        HealthStore,
        HealthMetrics,
        DecisionLedger,
      ],
      exports: [HEALTH_CONFIG, HealthClock, HealthStore, HealthMetrics, DecisionLedger],
    };
  }
}
