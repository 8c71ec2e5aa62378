import { Module } from '@nestjs/common';
import { EndpointsPersistenceModule } from '../endpoints/persistence/endpoints-persistence.module';
import { EventTypesModule } from '../event-types/event-types.module';
import { StateEventsModule } from '../state-events/state-events.module';
import { QuotaLimitsModule } from '../quota-limits/persistence/quota-limits.module';
import { TenantsModule } from '../tenants/tenants.module';
import { TestEventsRepository } from './persistence/test-events.repository';
import { TestEventsController } from './test-events.controller';
import { SendTestEventUseCase } from './usecases/send-test-event/send-test-event.usecase';

@Module({
  imports: [
    TenantsModule,
    EndpointsPersistenceModule,
    EventTypesModule,
    StateEventsModule,
    QuotaLimitsModule,
  ],
  controllers: [TestEventsController],
  providers: [SendTestEventUseCase, TestEventsRepository],
})
export class TestEventsModule {}
