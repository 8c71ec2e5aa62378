import { Module } from '@nestjs/common';
import { EndpointRegistryListener } from './endpoint-registry.listener';
import { OutcomesConsumer } from './outcomes.consumer';
import { ProjectionProgress } from './projection-progress';
import { RoutingConsumer } from './routing.consumer';
import { ApplyOutcomesUseCase } from './usecases/apply-outcomes/apply-outcomes.usecase';
import { ApplyRoutingRecordsUseCase } from './usecases/apply-routing-records/apply-routing-records.usecase';
import { SyncEndpointRegistryUseCase } from './usecases/sync-endpoint-registry/sync-endpoint-registry.usecase';

@Module({
  providers: [
    OutcomesConsumer,
    RoutingConsumer,
    EndpointRegistryListener,
    ProjectionProgress,
    ApplyOutcomesUseCase,
    ApplyRoutingRecordsUseCase,
    SyncEndpointRegistryUseCase,
  ],
  exports: [ProjectionProgress],
})
export class ProjectionModule {}
