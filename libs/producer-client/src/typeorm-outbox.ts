import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { HooklineRequestError, type HooklineClient } from './hookline-client';
import type { BatchOperationInput, HooklineEventInput } from './types';

export const DEFAULT_OUTBOX_TABLE = 'hookline_outbox';

type Submission = HooklineEventInput | HooklineEventInput[] | BatchOperationInput;

interface OutboxRow {
  id: string;
  kind: 'event' | 'events' | 'batch';
  body: Submission;
}

/** The outbox table, in your database; run it from one of your migrations. */
export function hooklineOutboxTableSql(table = DEFAULT_OUTBOX_TABLE): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (
    id              bigserial   PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('event', 'events', 'batch')),
    body            jsonb       NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    failed_at       timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now()
  )`;
}

/**
 * Writes Hookline submissions into your own transaction: they leave (through `HooklineOutboxRelay`) only if
 * that transaction commits, so receivers never hear of a change that was rolled back, and never miss one
 * that was committed. Ids are fixed here, so every resend is deduplicated by Hookline.
 */
export class HooklineOutbox {
  constructor(private readonly table = DEFAULT_OUTBOX_TABLE) {}

  /** Enqueues one event, several, or a batch operation; returns the event ids (or the batch id). */
  async enqueue(manager: EntityManager, submission: Submission): Promise<string[]> {
    const { kind, body, ids } = prepare(submission);
    await manager.query(`INSERT INTO ${this.table} (kind, body) VALUES ($1, $2::jsonb)`, [
      kind,
      JSON.stringify(body),
    ]);
    return ids;
  }
}

function prepare(submission: Submission): { kind: OutboxRow['kind']; body: Submission; ids: string[] } {
  if (Array.isArray(submission)) {
    const events = submission.map((event) => ({ ...event, id: event.id ?? randomUUID() }));
    return { kind: 'events', body: events, ids: events.map((event) => event.id) };
  }
  if ('subjects' in submission) {
    const batch = { ...submission, id: submission.id ?? randomUUID() };
    return { kind: 'batch', body: batch, ids: [batch.id] };
  }
  const event = { ...submission, id: submission.id ?? randomUUID() };
  return { kind: 'event', body: event, ids: [event.id] };
}

export interface HooklineOutboxRelayOptions {
  dataSource: DataSource;
  client: HooklineClient;
  table?: string;
  pollIntervalMs?: number;
  /** Called for a submission Hookline refused (400, 413): it is kept with `failed_at` set, never resent. */
  onRefused?: (rowId: string, error: HooklineRequestError) => void;
}

export interface DrainResult {
  sent: number;
  refused: number;
  /** True when Hookline was unreachable and rows are waiting for their next attempt. */
  waiting: boolean;
}

/**
 * Sends committed outbox rows to Hookline in order and deletes them once accepted (a duplicate answer counts
 * as accepted). When Hookline is unreachable the row waits with a growing delay and later rows wait behind it,
 * so one entity's events keep their order. Every replica of your app may run one: they take turns.
 */
export class HooklineOutboxRelay {
  private readonly table: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly options: HooklineOutboxRelayOptions) {
    this.table = options.table ?? DEFAULT_OUTBOX_TABLE;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.drain()
        .catch(() => undefined)
        .finally(() => (this.running = undefined));
    }, this.options.pollIntervalMs ?? 1_000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends everything that is due, one row per transaction, until none is left or Hookline is unreachable. */
  async drain(maxRows = 10_000): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, refused: 0, waiting: false };
    for (let rows = 0; rows < maxRows && !result.waiting; rows++) {
      const outcome = await this.options.dataSource.transaction((manager) => this.sendNext(manager));
      if (outcome === 'empty') break;
      if (outcome === 'sent') result.sent++;
      else if (outcome === 'refused') result.refused++;
      else result.waiting = true;
    }
    return result;
  }

  private async sendNext(manager: EntityManager): Promise<'empty' | 'sent' | 'refused' | 'waiting'> {
    // One sender at a time across all your replicas, so rows leave in commit order.
    const [lock] = await manager.query<Array<{ locked: boolean }>>(
      'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
      [this.table],
    );
    if (lock?.locked !== true) return 'empty';
    const [row] = await manager.query<OutboxRow[]>(
      `SELECT id::text AS id, kind, body FROM ${this.table} WHERE failed_at IS NULL ORDER BY id LIMIT 1`,
    );
    if (row === undefined) return 'empty';
    const due = await manager.query<unknown[]>(
      `SELECT 1 FROM ${this.table} WHERE id = $1 AND next_attempt_at <= now()`,
      [row.id],
    );
    if (due.length === 0) return 'waiting';
    try {
      await this.send(row);
      await manager.query(`DELETE FROM ${this.table} WHERE id = $1`, [row.id]);
      return 'sent';
    } catch (error) {
      if (error instanceof HooklineRequestError) {
        await manager.query(`UPDATE ${this.table} SET failed_at = now(), last_error = $2 WHERE id = $1`, [
          row.id,
          error.message,
        ]);
        this.options.onRefused?.(row.id, error);
        return 'refused';
      }
      await manager.query(
        `UPDATE ${this.table} SET attempts = attempts + 1, last_error = $2,
           next_attempt_at = now() + least(interval '1 second' * power(2, attempts), interval '5 minutes')
         WHERE id = $1`,
        [row.id, (error as Error).message],
      );
      return 'waiting';
    }
  }

  private send(row: OutboxRow): Promise<unknown> {
    const { client } = this.options;
    if (row.kind === 'events') return client.publishMany(row.body as HooklineEventInput[]);
    if (row.kind === 'batch') return client.publishBatch(row.body as BatchOperationInput);
    return client.publish(row.body as HooklineEventInput);
  }
}
