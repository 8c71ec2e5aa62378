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
}

/** A replica of the subscriptions topic, and the tenant API-key guard that authenticates against it. */
@Module({})
export class SubscriptionStateModule {
  static forRoot(options: SubscriptionStateOptions): DynamicModule {
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
        TenantApiKeyGuard,
      ],
      exports: [SubscriptionReplica, TenantApiKeyGuard],
    };
  }
}
