import { Module } from '@nestjs/common';
import { EventOutbox } from './event-outbox';
import { StateRecordWriter } from './state-record-writer';

@Module({ providers: [StateRecordWriter, EventOutbox], exports: [StateRecordWriter, EventOutbox] })
export class StateEventsModule {}
