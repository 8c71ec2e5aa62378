import { Module } from '@nestjs/common';
import { DeadLetterTraceConsumer } from './dead-letter-trace.consumer';
import { EventTraceController } from './event-trace.controller';
import { TraceEventUseCase } from './usecases/trace-event/trace-event.usecase';

@Module({ controllers: [EventTraceController], providers: [TraceEventUseCase, DeadLetterTraceConsumer] })
export class EventTraceModule {}
