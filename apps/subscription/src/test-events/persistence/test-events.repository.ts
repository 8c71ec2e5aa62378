import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HooklineEvent } from '@hookline/contracts';
import { EventOutbox } from '../../state-events/event-outbox';

@Injectable()
export class TestEventsRepository {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly events: EventOutbox,
  ) {}

  /** Queues the event for the events topic; it leaves once this commits. */
  async record(event: HooklineEvent): Promise<void> {
    await this.dataSource.transaction((manager) => this.events.canonical(manager, event));
  }
}
