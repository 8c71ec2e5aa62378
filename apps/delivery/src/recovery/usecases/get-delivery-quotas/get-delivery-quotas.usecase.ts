import { Injectable } from '@nestjs/common';
import { QuotaWindowsRepository } from '../../../quotas/persistence/quota-windows.repository';
import { TenantQuotaLimits } from '../../../quotas/tenant-quota-limits';
import type { DeliveryQuotasResponseDto } from '../../dto/delivery-quotas.response.dto';
import { ReplaysRepository } from '../../persistence/replays.repository';

/** The limits and usage of the quotas delivery enforces: replays running at once, resends per minute. */
@Injectable()
export class GetDeliveryQuotasUseCase {
  constructor(
    private readonly quotas: TenantQuotaLimits,
    private readonly replays: ReplaysRepository,
    private readonly quotaWindows: QuotaWindowsRepository,
  ) {}

  async execute(tenantId: string, now: Date = new Date()): Promise<DeliveryQuotasResponseDto> {
    const [running, resends] = await Promise.all([
      this.replays.countRunning(tenantId),
      this.quotaWindows.usage(tenantId, 'resendsPerMinute', now),
    ]);
    return {
      tenantId,
      quotas: {
        concurrentReplays: {
          limit: this.quotas.limit(tenantId, 'concurrentReplays'),
          usage: running,
          kind: 'count',
        },
        resendsPerMinute: {
          limit: this.quotas.limit(tenantId, 'resendsPerMinute'),
          usage: resends.used,
          kind: 'perMinute',
          resetsAt: resends.resetsAt.toISOString(),
        },
      },
    };
  }
}
