import { Module } from '@nestjs/common';
import { EgressClient } from '@hookline/egress';
import { SecretBox } from '@hookline/webhook-crypto';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../config/delivery.config';
import { DeliveryMetrics } from '../metrics/delivery-metrics';
import { RoutingModule } from '../routing/routing.module';
import { DurablePublisher } from './durable-publisher';
import { EgressLifecycle } from './egress-lifecycle';
import { EndpointSecrets } from './endpoint-secrets';
import { EventsConsumer } from './events.consumer';
import { FanOutLimit } from './fan-out/fan-out-limit';
import { RetryTierTopics } from './retry-tier-topics';
import { RetryTiersConsumer } from './retry-tiers.consumer';
import { EndpointGates } from './throttling/endpoint-gates';
import { DeliverToEndpointUseCase } from './usecases/deliver-to-endpoint/deliver-to-endpoint.usecase';
import { RetryDeliveryUseCase } from './usecases/retry-delivery/retry-delivery.usecase';
import { RouteEventUseCase } from './usecases/route-event/route-event.usecase';
import { WebhookSender } from './webhook-sender';

@Module({
  imports: [RoutingModule],
  providers: [
    EventsConsumer,
    RetryTiersConsumer,
    RouteEventUseCase,
    RetryDeliveryUseCase,
    DeliverToEndpointUseCase,
    WebhookSender,
    FanOutLimit,
    EndpointSecrets,
    EndpointGates,
    DurablePublisher,
    RetryTierTopics,
    DeliveryMetrics,
    EgressLifecycle,
    {
      provide: EgressClient,
      useFactory: (config: DeliveryConfig) =>
        new EgressClient({
          allowLoopback: config.egress.allowLoopback,
          allowedPrivateRange: config.egress.allowedPrivateRange,
          timeoutMs: config.egress.timeoutMs,
          responseBodyLimit: config.egress.responseBodyLimit,
          connectionsPerOrigin: config.egress.connectionsPerOrigin,
        }),
      inject: [DELIVERY_CONFIG],
    },
    {
      provide: SecretBox,
      useFactory: (config: DeliveryConfig) => SecretBox.fromKeyringString(config.secretEncryptionKeys),
      inject: [DELIVERY_CONFIG],
    },
  ],
  exports: [RetryTierTopics, DeliveryMetrics],
})
export class DispatchModule {}
