import { Module, type DynamicModule } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DatabaseModule } from '@hookline/database';
import { KafkaModule } from '@hookline/kafka';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  databaseReadiness,
  kafkaReadiness,
} from '@hookline/observability';
import { replicaReadiness, SubscriptionReplica, SubscriptionStateModule } from '@hookline/subscription-state';
import { AttemptsModule } from './attempts/attempts.module';
import { DELIVERY_CONFIG, type DeliveryConfig } from './config/delivery.config';
import { deliveryDatabase } from './database/delivery-database';
import { DispatchModule } from './dispatch/dispatch.module';
import { retryTierTopicSpecs } from './dispatch/retry-tier-topics';
import { DeliveryMetricsModule } from './metrics/metrics.module';
import { RecoveryModule } from './recovery/recovery.module';

@Module({})
export class DeliveryModule {
  static forRoot(config: DeliveryConfig, logger: Logger): DynamicModule {
    return {
      module: DeliveryModule,
      global: true,
      imports: [
        LoggingModule.forRoot(logger),
        DatabaseModule.forService(deliveryDatabase, {
          connection: config.database,
          applicationName: 'hookline-delivery',
          migrateOnStart: config.database.migrateOnStart,
        }),
        KafkaModule.forRoot(config, logger, retryTierTopicSpecs(config)),
        SubscriptionStateModule.forRoot({
          topic: config.topics.subscriptions,
          groupPrefix: config.groupPrefix,
          logger,
          apiKeyRateLimit: config.apiKeyRateLimit,
        }),
        MetricsModule,
        HealthModule.register({
          inject: [DataSource, Kafka, SubscriptionReplica],
          checks: (dataSource: DataSource, kafka: Kafka, replica: SubscriptionReplica) => [
            databaseReadiness(dataSource),
            kafkaReadiness(kafka),
            replicaReadiness('routing-table', replica),
          ],
        }),
        DispatchModule,
        AttemptsModule,
        RecoveryModule,
        DeliveryMetricsModule,
      ],
      providers: [{ provide: DELIVERY_CONFIG, useValue: config }],
      exports: [DELIVERY_CONFIG],
    };
  }
}
