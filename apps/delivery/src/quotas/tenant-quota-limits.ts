import { Inject, Injectable } from '@nestjs/common';
import { tenantQuotaLimit, type TenantQuotaName } from '@hookline/contracts';
import { SubscriptionReplica } from '@hookline/subscription-state';

/**
 * A tenant's limits as the subscription service publishes them (defaults with the operator's overrides) on
 * its tenant record; a record from before quotas existed gets the defaults.
 */
@Injectable()
export class TenantQuotaLimits {
  constructor(@Inject(SubscriptionReplica) private readonly replica: SubscriptionReplica) {}

  limit(tenantId: string, name: TenantQuotaName): number {
    return tenantQuotaLimit(this.replica.state.tenant(tenantId)?.quotas, name);
  }
}
