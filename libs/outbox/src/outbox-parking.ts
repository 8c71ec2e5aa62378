import type { Logger } from 'pino';
import { singleRecordBatchBytes } from '@hookline/kafka';
import type { OutboxLeaderSession, OutboxRow } from './outbox-leader-session';
import { outboxParkedCounter, type ParkReason } from './outbox-parking-metrics';

/**
 * What a relay does with rows Kafka can never take: it moves them to `outbox_parked` (counted, logged with
 * their ids) so that the rows behind them keep flowing, instead of retrying them forever.
 */
export class OutboxParking {
  /** After Kafka refused a batch as too large: publish this many rows one by one, to park only the culprit. */
  private singleRowBatches = 0;
  private readonly parked = outboxParkedCounter();

  constructor(
    private readonly schema: string,
    private readonly maxMessageBytes: number,
    private readonly logger: Logger,
  ) {}

  /** How many rows the next batch may hold: one at a time while looking for a row the broker refuses. */
  batchSize(normal: number): number {
    return this.singleRowBatches > 0 ? 1 : normal;
  }

  published(): void {
    if (this.singleRowBatches > 0) this.singleRowBatches -= 1;
  }

  /** Parks every row too large for its topic on its own; true when any was parked. */
  async parkTooLarge(session: OutboxLeaderSession, rows: OutboxRow[]): Promise<boolean> {
    let parkedAny = false;
    for (const row of rows) {
      const bytes = singleRecordBatchBytes(row);
      if (bytes <= this.maxMessageBytes) continue;
      const reason = `record of ${bytes} bytes is over max.message.bytes ${this.maxMessageBytes} of ${row.topic}`;
      await this.park(session, row, 'too_large', reason);
      parkedAny = true;
    }
    return parkedAny;
  }

  /**
   * The broker refused a batch as too large although each row passed the check (the topic's own limit is
   * lower than the setting): a single row is parked; a batch is retried one row at a time to find it.
   */
  async afterSizeRefusal(session: OutboxLeaderSession, rows: OutboxRow[], error: unknown): Promise<void> {
    if (rows.length > 1) {
      this.singleRowBatches = rows.length;
      this.logger.warn(
        { err: error, schema: this.schema, rows: rows.length },
        'Kafka refused an outbox batch as too large; publishing it one row at a time',
      );
      return;
    }
    await this.park(session, rows[0], 'refused_by_kafka', `refused by Kafka: ${(error as Error).message}`);
    this.published();
  }

  private async park(session: OutboxLeaderSession, row: OutboxRow, kind: ParkReason, reason: string) {
    if (!(await session.park(row.id, reason))) return;
    this.parked.inc({ schema: this.schema, reason: kind });
    this.logger.error(
      {
        schema: this.schema,
        outboxId: row.id,
        topic: row.topic,
        key: row.key,
        ceId: row.headers.ce_id,
        reason,
      },
      'outbox row parked: Kafka can never take it; see outbox_parked',
    );
  }
}
