import type { ServiceDatabase } from '@hookline/database';
import { EndpointSecretEntity } from '../endpoints/persistence/endpoint-secret.entity';
import { EndpointEntity } from '../endpoints/persistence/endpoint.entity';
import { EventTypeEntity } from '../event-types/persistence/event-type.entity';
import { ApiKeyEntity } from '../tenants/persistence/api-key.entity';
import { TenantEntity } from '../tenants/persistence/tenant.entity';
import { CreateSubscriptionTables1763900000000 } from './migrations/1763900000000-create-subscription-tables';
import { EndpointVerificationEventTypesDecisions1763900000001 } from './migrations/1763900000001-endpoint-verification-event-types-decisions';
import { ScrubRefusedDestinationDetails1764312000000 } from './migrations/1764312000000-scrub-refused-destination-details';
import { TenantQuotas1764400000000 } from './migrations/1764400000000-tenant-quotas';
import { SubscriptionOutboxParked1764500000000 } from './migrations/1764500000000-outbox-parked';
import { NormalizeEndpointUrls1764500000001 } from './migrations/1764500000001-normalize-endpoint-urls';

export const subscriptionDatabase: ServiceDatabase = {
  schema: 'subscription',
  entities: [TenantEntity, ApiKeyEntity, EndpointEntity, EndpointSecretEntity, EventTypeEntity],
  migrations: [
    CreateSubscriptionTables1763900000000,
    EndpointVerificationEventTypesDecisions1763900000001,
    ScrubRefusedDestinationDetails1764312000000,
    TenantQuotas1764400000000,
    SubscriptionOutboxParked1764500000000,
    NormalizeEndpointUrls1764500000001,
  ],
};
