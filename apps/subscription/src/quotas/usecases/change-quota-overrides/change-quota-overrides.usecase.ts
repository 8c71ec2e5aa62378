import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { SubscriptionError, SubscriptionErrorCode } from '../../../errors/subscription.error';
import type { QuotaOverrideChanges } from '../../../quota-limits/domain/apply-override-changes';
import { TenantsRepository } from '../../../tenants/persistence/tenants.repository';
import type { QuotasResponseDto } from '../../dto/quotas.response.dto';
import { GetQuotasUseCase } from '../get-quotas/get-quotas.usecase';

/**
 * The operator sets or removes a tenant's quota overrides. They apply here from the commit on, and reach
 * delivery (replays, resends) with the tenant's record on the subscriptions topic.
 */
@Injectable()
export class ChangeQuotaOverridesUseCase {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly getQuotas: GetQuotasUseCase,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(tenantId: string, changes: QuotaOverrideChanges): Promise<QuotasResponseDto> {
    const tenant = await this.tenants.changeQuotaOverrides(tenantId, changes, new Date());
    if (tenant === null) {
      throw SubscriptionError.notFound(SubscriptionErrorCode.TenantNotFound, `tenant ${tenantId}`);
    }
    this.logger.info(
      { tenantId, changes, overrides: tenant.quotaOverrides },
      'tenant quota overrides changed',
    );
    return this.getQuotas.execute(tenantId);
  }
}
