import { Module } from '@nestjs/common';
import { SecretBox } from '@hookline/webhook-crypto';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../../config/subscription.config';
import { QuotaLimitsModule } from '../../quota-limits/persistence/quota-limits.module';
import { StateEventsModule } from '../../state-events/state-events.module';
import { EndpointsRepository } from './endpoints.repository';

/**
 * Endpoint storage and the secret keyring, shared by the features that act on endpoints (admin API,
 * verification, test events, health decisions) without those features importing each other.
 */
@Module({
  imports: [StateEventsModule, QuotaLimitsModule],
  providers: [
    EndpointsRepository,
    {
      provide: SecretBox,
      useFactory: (config: SubscriptionConfig) => SecretBox.fromKeyringString(config.secretEncryptionKeys),
      inject: [SUBSCRIPTION_CONFIG],
    },
  ],
  exports: [EndpointsRepository, SecretBox],
})
export class EndpointsPersistenceModule {}
