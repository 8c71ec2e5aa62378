import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { API_KEY_RATE_LIMITER, RequestRateLimiter, type RequestRateLimiterOptions } from '@hookline/http';
import { SubscriptionReplica } from './subscription-replica';
import { TenantApiKeyGuard } from './tenant-api-key.guard';

/** Starts the replica with the application and stops it on shutdown. */
@Injectable()
class ReplicaLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(SubscriptionReplica) private readonly replica: SubscriptionReplica) {}

  onApplicationBootstrap(): Promise<void> {
    return this.replica.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.replica.stop();
  }
}

export interface SubscriptionStateOptions {
  topic: string;
  groupPrefix: string;
  logger: Logger;
  /**
   * The request rate of each tenant API key on this process (`API_KEY_RATE_*`). Services that serve tenant
   * routes give it, and get `TenantApiKeyGuard`; a service without them (the producer) gives none.
   */
  apiKeyRateLimit?: RequestRateLimiterOptions;
}

/**
 * A replica of the subscriptions topic, and the tenant API-key guard that authenticates against it and holds
 * each key to its request rate.
 */
@Module({})
export class SubscriptionStateModule {
  static forRoot(options: SubscriptionStateOptions): DynamicModule {
    const tenantRoutes =
      options.apiKeyRateLimit === undefined
        ? []
        : [
            TenantApiKeyGuard,
            { provide: API_KEY_RATE_LIMITER, useValue: new RequestRateLimiter(options.apiKeyRateLimit) },
          ];
    return {
      module: SubscriptionStateModule,
      global: true,
      providers: [
        {
          provide: SubscriptionReplica,
          useFactory: (kafka: Kafka) =>
            new SubscriptionReplica(
              kafka,
              options.topic,
              options.groupPrefix,
              options.logger.child({ component: 'subscription-replica' }),
            ),
          inject: [Kafka],
        },
        ReplicaLifecycle,
        ...tenantRoutes,
      ],
      exports: [SubscriptionReplica, ...tenantRoutes],
    };
  }
}
