import { Inject, Injectable } from '@nestjs/common';
import { quotaWindow } from '@hookline/http';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../../../config/subscription.config';
import { SubscriptionError, SubscriptionErrorCode } from '../../../errors/subscription.error';
import { quotaStatuses } from '../../domain/quota-statuses';
import type { QuotasResponseDto } from '../../dto/quotas.response.dto';
import { CountQuotas } from '../../../quota-limits/persistence/count-quotas';
import { RateQuotas } from '../../../quota-limits/persistence/rate-quotas';

/** Every quota of a tenant with its limit and current usage (the tenant's own view, and the operator's). */
@Injectable()
export class GetQuotasUseCase {
  constructor(
    private readonly countQuotas: CountQuotas,
    private readonly rateQuotas: RateQuotas,
    @Inject(SUBSCRIPTION_CONFIG) private readonly config: SubscriptionConfig,
  ) {}

  async execute(tenantId: string, now: Date = new Date()): Promise<QuotasResponseDto> {
    const limits = await this.countQuotas.limitsOf(tenantId);
    if (limits === undefined) {
      throw SubscriptionError.notFound(SubscriptionErrorCode.TenantNotFound, `tenant ${tenantId}`);
    }
    const [counts, testEvents, verifications] = await Promise.all([
      this.countQuotas.usageOf(tenantId, now),
      this.rateQuotas.usage(tenantId, 'testEventsPerMinute', now),
      this.rateQuotas.usage(tenantId, 'verificationsPerMinute', now),
    ]);
    const quotas = quotaStatuses({
      limits: limits.quotas,
      defaults: this.config.quotaDefaults,
      overrides: limits.overrides,
      usage: {
        ...counts,
        testEventsPerMinute: testEvents.used,
        verificationsPerMinute: verifications.used,
      },
      resetsAt: quotaWindow(now).resetsAt,
      deliveryQuotasUrl: `${this.config.deliveryPublicUrl}/v1/quotas/delivery`,
    });
    return { tenantId, quotas };
  }
}
