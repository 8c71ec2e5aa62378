import { Module } from '@nestjs/common';
import { EndpointsPersistenceModule } from '../endpoints/persistence/endpoints-persistence.module';
import { EndpointHealthConsumer } from './endpoint-health.consumer';
import { HealthDecisionsRepository } from './persistence/health-decisions.repository';
import { ApplyHealthDecisionUseCase } from './usecases/apply-health-decision/apply-health-decision.usecase';

@Module({
  imports: [EndpointsPersistenceModule],
  providers: [EndpointHealthConsumer, ApplyHealthDecisionUseCase, HealthDecisionsRepository],
})
export class HealthDecisionsModule {}
