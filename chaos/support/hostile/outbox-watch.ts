import { Client } from 'pg';

/** The services that publish through a transactional outbox (libs/outbox), each in its own schema. */
const OUTBOX_SCHEMAS = ['producer', 'subscription', 'health'] as const;

/**
 * Rows waiting in every service's outbox: what was committed in Postgres and has not reached Kafka yet. A
 * relay stuck on one row (a record Kafka refuses, retried forever) keeps this above zero after the traffic.
 */
export async function outboxBacklog(databaseUrl: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const backlog: Record<string, number> = {};
    for (const schema of OUTBOX_SCHEMAS) {
      const result = await client.query<{ rows: string }>(`SELECT count(*) AS rows FROM "${schema}".outbox`);
      backlog[schema] = Number(result.rows[0].rows);
    }
    return backlog;
  } finally {
    await client.end();
  }
}

export function totalBacklog(backlog: Record<string, number>): number {
  return Object.values(backlog).reduce((sum, rows) => sum + rows, 0);
}
