import type { EntityManager } from 'typeorm';
import { withTraceHeaders, type OutgoingRecord } from '@hookline/kafka';

export const outboxChannel = (schema: string) => `${schema}_outbox`;

/**
 * Header on every record that went through an outbox: when its row was written (epoch ms), inside the
 * transaction that accepted it. The platform bench reads it to time the hops accepted → outbox → published.
 */
export const OUTBOX_AT_HEADER = 'hookline-outbox-at';

/**
 * Appends records to a service's outbox inside the caller's transaction: they reach Kafka only if that
 * transaction commits. The NOTIFY is delivered on commit and wakes the relay without polling.
 */
export async function appendToOutbox(
  manager: EntityManager,
  schema: string,
  records: OutgoingRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const writtenAt = String(Date.now());
  const traced = records.map((record) => ({
    ...record,
    headers: withTraceHeaders({ ...record.headers, [OUTBOX_AT_HEADER]: writtenAt }),
  }));
  await manager.query(
    `INSERT INTO "${schema}".outbox (topic, key, value, headers)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
    [
      traced.map((record) => record.topic),
      traced.map((record) => record.key),
      traced.map((record) => record.value),
      traced.map((record) => JSON.stringify(record.headers)),
    ],
  );
  await manager.query('SELECT pg_notify($1, NULL)', [outboxChannel(schema)]);
}
