import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OperatorTokenGuard } from '../auth/operator-token.guard';
import { TenantKeyGuard } from '../auth/tenant-key.guard';
import { QuotaLimitsModule } from '../quota-limits/persistence/quota-limits.module';
import { StateEventsModule } from '../state-events/state-events.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeyEntity } from './persistence/api-key.entity';
import { ApiKeysRepository } from './persistence/api-keys.repository';
import { TenantsRepository } from './persistence/tenants.repository';
import { TenantsController } from './tenants.controller';
import { CreateTenantUseCase } from './usecases/create-tenant/create-tenant.usecase';
import { GetTenantUseCase } from './usecases/get-tenant/get-tenant.usecase';
import { IssueApiKeyUseCase } from './usecases/issue-api-key/issue-api-key.usecase';
import { ListApiKeysUseCase } from './usecases/list-api-keys/list-api-keys.usecase';
import { RevokeApiKeyUseCase } from './usecases/revoke-api-key/revoke-api-key.usecase';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), StateEventsModule, QuotaLimitsModule],
  controllers: [TenantsController, ApiKeysController],
  providers: [
    CreateTenantUseCase,
    GetTenantUseCase,
    IssueApiKeyUseCase,
    ListApiKeysUseCase,
    RevokeApiKeyUseCase,
    TenantsRepository,
    ApiKeysRepository,
    OperatorTokenGuard,
    TenantKeyGuard,
  ],
  exports: [ApiKeysRepository, TenantsRepository, TenantKeyGuard, OperatorTokenGuard],
})
export class TenantsModule {}
