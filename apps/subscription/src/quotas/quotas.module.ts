import { Module } from '@nestjs/common';
import { QuotaLimitsModule } from '../quota-limits/persistence/quota-limits.module';
import { TenantsModule } from '../tenants/tenants.module';
import { QuotasController } from './quotas.controller';
import { TenantQuotasController } from './tenant-quotas.controller';
import { ChangeQuotaOverridesUseCase } from './usecases/change-quota-overrides/change-quota-overrides.usecase';
import { GetQuotasUseCase } from './usecases/get-quotas/get-quotas.usecase';

@Module({
  imports: [TenantsModule, QuotaLimitsModule],
  controllers: [QuotasController, TenantQuotasController],
  providers: [GetQuotasUseCase, ChangeQuotaOverridesUseCase],
})
export class QuotasModule {}
