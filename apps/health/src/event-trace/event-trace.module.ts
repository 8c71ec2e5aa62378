import { Module } from '@nestjs/common';
import { EventTraceController } from './event-trace.controller';
import { TraceEventUseCase } from './usecases/trace-event/trace-event.usecase';

@Module({ controllers: [EventTraceController], providers: [TraceEventUseCase] })
export class EventTraceModule {}
