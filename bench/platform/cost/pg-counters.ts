/**
 * Postgres's own counters for the bench's database: transactions (pg_stat_database) and rows inserted,
 * updated and deleted per schema (pg_stat_user_tables, so per service), and the pids of the backends that
 * serve it. Backends report their counters at most once a second and idle ones within ~10 s, so `settled()`
 * waits until two reads a second apart agree.
 */
import { Client } from 'pg';

export interface PgCounters {
  transactions: number;
  rowsBySchema: Record<string, number>;
  backendPids: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PgCounterReader {
  /** Queries this reader made (each is a transaction of the database it measures). */
  queries = 0;

  private constructor(private readonly client: Client) {}

  static async connect(databaseUrl: string): Promise<PgCounterReader> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    return new PgCounterReader(client);
  }

  async read(): Promise<PgCounters> {
    const [db, tables, backends] = await Promise.all([
      this.query<{ transactions: string }>(
        `SELECT (xact_commit + xact_rollback)::text AS transactions
           FROM pg_stat_database WHERE datname = current_database()`,
      ),
      this.query<{ schema: string; rows: string }>(
        `SELECT schemaname AS schema, sum(n_tup_ins + n_tup_upd + n_tup_del)::text AS rows
           FROM pg_stat_user_tables GROUP BY schemaname`,
      ),
      this.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      ),
    ]);
    return {
      transactions: Number(db[0]?.transactions ?? 0),
      rowsBySchema: Object.fromEntries(tables.map((row) => [row.schema, Number(row.rows)])),
      backendPids: backends.map((row) => row.pid),
    };
  }

  /** Reads until two reads one second apart agree (at most `maxMs`): every backend has reported. */
  async settled(maxMs = 12_000): Promise<PgCounters> {
    const deadline = Date.now() + maxMs;
    let last = await this.read();
    while (Date.now() < deadline) {
      await sleep(1_000);
      const next = await this.read();
      if (next.transactions - last.transactions <= 3 && sameRows(next, last)) return next;
      last = next;
    }
    return last;
  }

  /** The next offset health has applied, per partition of `topic` (the per-hop breakdown polls it). */
  async healthPositions(topic: string): Promise<Map<number, bigint>> {
    const rows = await this.query<{ partition: number; next_offset: string }>(
      `SELECT partition, next_offset::text AS next_offset FROM health.applied_offsets WHERE topic = $1`,
      [topic],
    );
    return new Map(rows.map((row) => [row.partition, BigInt(row.next_offset)]));
  }

  close(): Promise<void> {
    return this.client.end();
  }

  private async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.queries += 1;
    return (await this.client.query(sql, params)).rows as T[];
  }
}

function sameRows(a: PgCounters, b: PgCounters): boolean {
  const schemas = new Set([...Object.keys(a.rowsBySchema), ...Object.keys(b.rowsBySchema)]);
  return [...schemas].every((schema) => a.rowsBySchema[schema] === b.rowsBySchema[schema]);
}
