import type { EntityManager } from 'typeorm';

/** A stored dead letter of a tenant event (the shape of the event trace's `EventDeadLetter`). */
export interface EventDeadLetterRow {
  tenantId: string;
  eventId: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  consumer: string;
  reasonClass: string;
  reason: string;
  deadLetteredAt: Date;
}

interface DeadLetterRow {
  source_topic: string;
  source_partition: number;
  source_offset: string;
  consumer: string;
  reason_class: string;
  reason: string;
  dead_lettered_at: Date;
}

/** Dead letters by tenant event; a dead letter read twice (redelivery) is stored once. */
export class EventDeadLettersRepository {
  constructor(private readonly manager: EntityManager) {}

  async record(deadLetters: readonly EventDeadLetterRow[]): Promise<void> {
    if (deadLetters.length === 0) return;
    await this.manager.query(
      `INSERT INTO health.event_dead_letters
         (tenant_id, event_id, source_topic, source_partition, source_offset, consumer, reason_class, reason,
          dead_lettered_at)
       SELECT "tenantId", "eventId", "sourceTopic", "sourcePartition", "sourceOffset"::bigint, consumer,
              "reasonClass", reason, "deadLetteredAt"
       FROM jsonb_to_recordset($1::jsonb) AS x(
         "tenantId" text, "eventId" text, "sourceTopic" text, "sourcePartition" integer, "sourceOffset" text,
         consumer text, "reasonClass" text, reason text, "deadLetteredAt" timestamptz)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(deadLetters)],
    );
  }

  async forEvent(tenantId: string, eventId: string): Promise<EventDeadLetterRow[]> {
    const rows: DeadLetterRow[] = await this.manager.query(
      `SELECT source_topic, source_partition, source_offset, consumer, reason_class, reason, dead_lettered_at
       FROM health.event_dead_letters WHERE tenant_id = $1 AND event_id = $2
       ORDER BY dead_lettered_at, source_topic, source_offset LIMIT 100`,
      [tenantId, eventId],
    );
    return rows.map((row) => ({
      tenantId,
      eventId,
      sourceTopic: row.source_topic,
      sourcePartition: row.source_partition,
      sourceOffset: String(row.source_offset),
      consumer: row.consumer,
      reasonClass: row.reason_class,
      reason: row.reason,
      deadLetteredAt: row.dead_lettered_at,
    }));
  }

  async pruneBefore(deadLetteredAt: Date): Promise<number> {
    const result: [unknown, number] = await this.manager.query(
      'DELETE FROM health.event_dead_letters WHERE dead_lettered_at < $1',
      [deadLetteredAt],
    );
    return result[1];
  }
}
