import { Module } from '@nestjs/common';
import { QuotaWindowsRepository } from './persistence/quota-windows.repository';
import { TenantQuotaLimits } from './tenant-quota-limits';

/** Tenant quotas delivery enforces: the limits from the replica, and the per-minute counters. */
@Module({
  providers: [TenantQuotaLimits, QuotaWindowsRepository],
  exports: [TenantQuotaLimits, QuotaWindowsRepository],
})
export class QuotaLimitsModule {}
