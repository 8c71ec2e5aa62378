import { Client } from 'pg';
import type { Logger } from 'pino';
import type { IdRange } from './id-ranges';
import { outboxChannel } from './outbox-writer';

export interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface LeaderSessionOptions {
  schema: string;
  databaseUrl: string;
  databaseSsl: boolean;
}

/**
 * One Postgres session that holds the relay's leadership (a session-level advisory lock: it ends with the
 * connection, so a killed leader frees it at once) and does all of the leader's reads and deletes. Only one
 * relay per schema publishes at a time, which keeps each entity's events in order across replicas.
 */
export class OutboxLeaderSession {
  private constructor(
    private readonly client: Client,
    private readonly schema: string,
  ) {}

  static async open(options: LeaderSessionOptions, logger: Logger): Promise<OutboxLeaderSession> {
    const client = new Client({
      connectionString: options.databaseUrl,
      ssl: options.databaseSsl ? { rejectUnauthorized: true } : false,
      application_name: `${options.schema}-outbox-relay`,
    });
    client.on('error', (error) => logger.warn({ err: error }, 'outbox relay session lost'));
    await client.connect();
    return new OutboxLeaderSession(client, options.schema);
  }

  async tryLead(): Promise<boolean> {
    const result = await this.client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [`${this.schema}.outbox-relay`],
    );
    return result.rows[0]?.locked === true;
  }

  /** Wakes `onCommit` on every commit that appended outbox rows (writers NOTIFY in their transaction). */
  async listen(onCommit: () => void): Promise<void> {
    this.client.on('notification', onCommit);
    await this.client.query(`LISTEN "${outboxChannel(this.schema)}"`);
  }

  async readBatch(limit: number): Promise<OutboxRow[]> {
    const result = await this.client.query<OutboxRow>(
      // Order by the bigint column, not the text alias (which would sort "10" before "9").
      `SELECT o.id::text AS id, o.topic, o.key, o.value, o.headers
         FROM "${this.schema}".outbox o ORDER BY o.id LIMIT $1`,
      [limit],
    );
    return result.rows;
  }

  async deleteRanges(ranges: readonly IdRange[]): Promise<number> {
    if (ranges.length === 0) return 0;
    const result = await this.client.query(
      `DELETE FROM "${this.schema}".outbox o
        USING unnest($1::bigint[], $2::bigint[]) AS r(first_id, last_id)
        WHERE o.id BETWEEN r.first_id AND r.last_id`,
      [ranges.map((range) => range[0]), ranges.map((range) => range[1])],
    );
    return result.rowCount ?? 0;
  }

  /**
   * Moves one row from the outbox to `outbox_parked` with the reason, in one statement (a crash leaves it in
   * one place or the other). Returns false when the row was no longer in the outbox.
   */
  async park(id: string, reason: string): Promise<boolean> {
    const result = await this.client.query(
      `WITH moved AS (DELETE FROM "${this.schema}".outbox WHERE id = $1 RETURNING id, topic, key, value, headers)
       INSERT INTO "${this.schema}".outbox_parked (id, topic, key, value, headers, reason)
       SELECT id, topic, key, value, headers, $2 FROM moved
       ON CONFLICT (id) DO NOTHING`,
      [id, reason],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
