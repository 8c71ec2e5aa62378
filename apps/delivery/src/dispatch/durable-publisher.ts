import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { KafkaPublisher, type OutgoingRecord } from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';

/**
 * Publishes a message's records and keeps trying while Kafka is unavailable: re-running the whole message
 * would repeat its HTTP attempts. Gives up only at shutdown, leaving the message uncommitted (handed off).
 */
@Injectable()
export class DurablePublisher implements BeforeApplicationShutdown {
  private readonly logger: Logger;
  private stopping = false;

  constructor(
    private readonly publisher: KafkaPublisher,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'durable-publisher' });
  }

  async publish(records: OutgoingRecord[]): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        await this.publisher.publish(records);
        return;
      } catch (error) {
        if (this.stopping) throw error;
        this.logger.error(
          {
            err: error,
            records: records.length,
            topics: [...new Set(records.map((r) => r.topic))],
            failures,
          },
          'publishing delivery records failed; trying again',
        );
        await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 250 * 2 ** failures)));
      }
    }
  }

  beforeApplicationShutdown(): void {
    // Consumers drain in onModuleDestroy, before this; anything still retrying now is handed off.
    this.stopping = true;
  }
}
