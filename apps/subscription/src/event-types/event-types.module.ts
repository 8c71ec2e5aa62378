import { Module } from '@nestjs/common';
import { QuotaLimitsModule } from '../quota-limits/persistence/quota-limits.module';
import { StateEventsModule } from '../state-events/state-events.module';
import { TenantsModule } from '../tenants/tenants.module';
import { EventTypesController } from './event-types.controller';
import { EventTypesRepository } from './persistence/event-types.repository';
import { GetEventTypeUseCase } from './usecases/get-event-type/get-event-type.usecase';
import { ListEventTypesUseCase } from './usecases/list-event-types/list-event-types.usecase';
import { RegisterEventTypeUseCase } from './usecases/register-event-type/register-event-type.usecase';
import { UpdateEventTypeUseCase } from './usecases/update-event-type/update-event-type.usecase';

@Module({
  imports: [TenantsModule, StateEventsModule, QuotaLimitsModule],
  controllers: [EventTypesController],
  providers: [
    RegisterEventTypeUseCase,
    ListEventTypesUseCase,
    GetEventTypeUseCase,
    UpdateEventTypeUseCase,
    EventTypesRepository,
  ],
  exports: [EventTypesRepository],
})
export class EventTypesModule {}
