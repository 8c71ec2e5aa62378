import { Counter, Gauge, register } from 'prom-client';

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

const PARKED_ROWS = 'hookline_outbox_parked_rows';
const parkedSources = new Map<string, () => Promise<number>>();

/**
 * Rows waiting in `<schema>.outbox_parked` for an operator, read at scrape time: unlike the counter it
 * survives a restart, so parked rows stay visible until someone deals with them.
 */
export function trackParkedRows(schema: string, count: () => Promise<number>): () => void {
  parkedSources.set(schema, count);
  if (register.getSingleMetric(PARKED_ROWS) === undefined) {
    new Gauge({
      name: PARKED_ROWS,
      help: 'Outbox rows parked in <schema>.outbox_parked, waiting for an operator',
      labelNames: ['schema'],
      async collect() {
        this.reset();
        for (const [name, read] of parkedSources) {
          // A scrape while Postgres is away reports nothing for the schema rather than failing the scrape.
          const rows = await read().catch(() => undefined);
          if (rows !== undefined) this.set({ schema: name }, rows);
        }
      },
    });
  }
  return () => {
    if (parkedSources.get(schema) === count) parkedSources.delete(schema);
  };
}
