import { Module } from '@nestjs/common';
import { EndpointHealthController } from './endpoint-health.controller';
import { GetEndpointHealthUseCase } from './usecases/get-endpoint-health/get-endpoint-health.usecase';
import { ListEndpointHealthUseCase } from './usecases/list-endpoint-health/list-endpoint-health.usecase';

@Module({
  controllers: [EndpointHealthController],
  providers: [GetEndpointHealthUseCase, ListEndpointHealthUseCase],
})
export class EndpointHealthModule {}
