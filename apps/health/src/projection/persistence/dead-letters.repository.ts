import type { EntityManager } from 'typeorm';
import { deadLetterHeaders } from '@hookline/kafka';
import { appendToOutbox } from '@hookline/outbox';

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  reason: string;
}

/**
 * Invalid records go to the dead-letter topic through the outbox, in the same transaction that moves the
 * partition's position past them: each lands there once, with its reason and origin in the headers.
 */
export class DeadLettersRepository {
  constructor(private readonly manager: EntityManager) {}

  async append(deadLetterTopic: string, records: readonly DeadLetter[]): Promise<void> {
    await appendToOutbox(
      this.manager,
      'health',
      records.map((record) => ({
        topic: deadLetterTopic,
        key: record.key,
        value: record.value,
        headers: deadLetterHeaders(record.reason, record),
      })),
    );
  }
}
