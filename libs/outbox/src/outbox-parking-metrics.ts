import { Counter, register } from 'prom-client';

export type ParkReason = 'too_large' | 'refused_by_kafka';

const PARKED_TOTAL = 'hookline_outbox_parked_records_total';

/**
 * Outbox rows parked because Kafka can never take them, by schema and reason: an alert on any increase tells
 * an operator to look in `<schema>.outbox_parked`. One series per process (the default registry), shared by
 * every relay in it.
 */
export function outboxParkedCounter(): Counter<'schema' | 'reason'> {
  const existing = register.getSingleMetric(PARKED_TOTAL);
  if (existing !== undefined) return existing as Counter<'schema' | 'reason'>;
  return new Counter({
    name: PARKED_TOTAL,
    help: 'Outbox rows moved to outbox_parked because Kafka can never take them (too large for their topic)',
    labelNames: ['schema', 'reason'],
  });
}
