import type { EntityManager } from 'typeorm';
import { withTraceHeaders, type OutgoingRecord } from '@hookline/kafka';

export const outboxChannel = (schema: string) => `${schema}_outbox`;

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
  const traced = records.map((record) => ({ ...record, headers: withTraceHeaders({ ...record.headers }) }));
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
