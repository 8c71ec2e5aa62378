import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { DatabaseModule } from '@hookline/database';
import type { HostResolver } from '@hookline/egress';
import { API_KEY_RATE_LIMITER, RequestRateLimiter } from '@hookline/http';
import { KafkaModule } from '@hookline/kafka';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  databaseReadiness,
  kafkaReadiness,
} from '@hookline/observability';
import { OutboxRelayModule } from '@hookline/outbox';
import { AdminModule } from './admin/admin.module';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from './config/subscription.config';
import { subscriptionDatabase } from './database/subscription-database';
import { defaultHostResolver, HOST_RESOLVER } from './egress/host-resolver';
import { EndpointsModule } from './endpoints/endpoints.module';
import { SubscriptionErrorFilter } from './errors/subscription-error.filter';
import { EventTypesModule } from './event-types/event-types.module';
import { HealthDecisionsModule } from './health-decisions/health-decisions.module';
import { EndpointCountsRepository } from './metrics/endpoint-counts.repository';
import { SubscriptionMetrics } from './metrics/subscription-metrics';
import { QuotasModule } from './quotas/quotas.module';
import { TenantsModule } from './tenants/tenants.module';
import { TestEventsModule } from './test-events/test-events.module';
import { VerificationModule } from './verification/verification.module';

export interface SubscriptionModuleOptions {
  /** DNS for registration checks and verification requests; integration tests pass a table. */
  resolveHost?: HostResolver;
}

@Module({})
export class SubscriptionModule {
  static forRoot(
    config: SubscriptionConfig,
    logger: Logger,
    options: SubscriptionModuleOptions = {},
  ): DynamicModule {
    return {
      module: SubscriptionModule,
      global: true,
      imports: [
        LoggingModule.forRoot(logger),
        DatabaseModule.forService(subscriptionDatabase, {
          connection: config.database,
          applicationName: 'hookline-subscription',
          migrateOnStart: config.database.migrateOnStart,
        }),
        KafkaModule.forRoot(config, logger),
        MetricsModule,
        HealthModule.register({
          inject: [DataSource, Kafka],
          checks: (dataSource: DataSource, kafka: Kafka) => [
            databaseReadiness(dataSource),
            kafkaReadiness(kafka),
          ],
        }),
        OutboxRelayModule.register({
          schema: 'subscription',
          databaseUrl: config.database.url,
          databaseSsl: config.database.ssl,
          ...config.outbox,
        }),
        TenantsModule,
        EndpointsModule,
        VerificationModule,
        TestEventsModule,
        EventTypesModule,
        HealthDecisionsModule,
        AdminModule,
        QuotasModule,
      ],
      providers: [
        { provide: SUBSCRIPTION_CONFIG, useValue: config },
        { provide: HOST_RESOLVER, useValue: options.resolveHost ?? defaultHostResolver },
        { provide: APP_FILTER, useClass: SubscriptionErrorFilter },
        { provide: API_KEY_RATE_LIMITER, useValue: new RequestRateLimiter(config.apiKeyRateLimit) },
        EndpointCountsRepository,
        SubscriptionMetrics,
      ],
      exports: [SUBSCRIPTION_CONFIG, HOST_RESOLVER, SubscriptionMetrics, API_KEY_RATE_LIMITER],
    };
  }
}
