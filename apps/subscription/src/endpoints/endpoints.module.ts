import { Module } from '@nestjs/common';
import { EndpointUrlGuard } from '../egress/endpoint-url-guard';
import { TenantsModule } from '../tenants/tenants.module';
import { VerificationModule } from '../verification/verification.module';
import { EndpointSecretsController } from './endpoint-secrets.controller';
import { EndpointsController } from './endpoints.controller';
import { EndpointsPersistenceModule } from './persistence/endpoints-persistence.module';
import { CreateEndpointUseCase } from './usecases/create-endpoint/create-endpoint.usecase';
import { DeleteEndpointUseCase } from './usecases/delete-endpoint/delete-endpoint.usecase';
import { GetEndpointUseCase } from './usecases/get-endpoint/get-endpoint.usecase';
import { ListEndpointsUseCase } from './usecases/list-endpoints/list-endpoints.usecase';
import { RevealEndpointSecretUseCase } from './usecases/reveal-endpoint-secret/reveal-endpoint-secret.usecase';
import { RotateEndpointSecretUseCase } from './usecases/rotate-endpoint-secret/rotate-endpoint-secret.usecase';
import { SetEndpointEnabledUseCase } from './usecases/set-endpoint-enabled/set-endpoint-enabled.usecase';
import { UpdateEndpointUseCase } from './usecases/update-endpoint/update-endpoint.usecase';

@Module({
  imports: [TenantsModule, EndpointsPersistenceModule, VerificationModule],
  controllers: [EndpointsController, EndpointSecretsController],
  providers: [
    CreateEndpointUseCase,
    ListEndpointsUseCase,
    GetEndpointUseCase,
    UpdateEndpointUseCase,
    DeleteEndpointUseCase,
    SetEndpointEnabledUseCase,
    RevealEndpointSecretUseCase,
    RotateEndpointSecretUseCase,
    EndpointUrlGuard,
  ],
})
export class EndpointsModule {}
