import { Module } from '@nestjs/common';
import { VerificationClient } from '../egress/verification-client';
import { EndpointsPersistenceModule } from '../endpoints/persistence/endpoints-persistence.module';
import { QuotaLimitsModule } from '../quota-limits/persistence/quota-limits.module';
import { TenantsModule } from '../tenants/tenants.module';
import { VerifyEndpointUseCase } from './usecases/verify-endpoint/verify-endpoint.usecase';
import { VerificationController } from './verification.controller';

@Module({
  imports: [EndpointsPersistenceModule, TenantsModule, QuotaLimitsModule],
  controllers: [VerificationController],
  providers: [VerifyEndpointUseCase, VerificationClient],
  exports: [VerifyEndpointUseCase],
})
export class VerificationModule {}
