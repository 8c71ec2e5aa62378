import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeliveryOutcome } from '@hookline/contracts';
import { AttemptEntity } from './attempt.entity';

export interface PositionedOutcome {
  partition: number;
  offset: string;
  outcome: DeliveryOutcome;
}

export type AttemptStatus = 'succeeded' | 'failed' | 'retrying' | 'exhausted';

export interface AttemptFilter {
  eventId?: string;
  endpointId?: string;
  status?: AttemptStatus;
  /** Only attempts older than this id (the cursor of the previous page). */
  beforeId?: string;
}

/** The attempt log. Every read is scoped to one tenant. */
@Injectable()
export class AttemptsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Idempotent: an outcome already recorded (same topic position) is skipped. One statement per chunk with
   * one array parameter per column (`unnest`): building and escaping a parameter per value cost more CPU
   * than the delivery it records.
   */
  async record(outcomes: PositionedOutcome[]): Promise<number> {
    const table = this.dataSource.getMetadata(AttemptEntity).tablePath;
    let inserted = 0;
    for (let start = 0; start < outcomes.length; start += 5_000) {
      const columns = attemptColumns(outcomes.slice(start, start + 5_000));
      const rows = await this.dataSource.query<unknown[]>(
        `INSERT INTO ${table} (${INSERT_COLUMNS.map(([name]) => name).join(', ')})
         SELECT * FROM unnest(${INSERT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
         ON CONFLICT (source_partition, source_offset) DO NOTHING
         RETURNING id`,
        columns,
      );
      inserted += rows.length;
    }
    return inserted;
  }

  /** Newest first; one more row than asked for tells the caller whether another page exists. */
  list(tenantId: string, filter: AttemptFilter, limit: number): Promise<AttemptEntity[]> {
    const query = this.dataSource
      .getRepository(AttemptEntity)
      .createQueryBuilder('attempt')
      .where('attempt.tenant_id = :tenantId', { tenantId });
    if (filter.eventId !== undefined) query.andWhere('attempt.event_id = :eventId', filter);
    if (filter.endpointId !== undefined) query.andWhere('attempt.endpoint_id = :endpointId', filter);
    if (filter.beforeId !== undefined) query.andWhere('attempt.id < :beforeId', filter);
    switch (filter.status) {
      case undefined:
        break;
      case 'succeeded':
      case 'failed':
        query.andWhere('attempt.result = :result', { result: filter.status });
        break;
      case 'retrying':
        query.andWhere("attempt.result = 'failed' AND NOT attempt.exhausted");
        break;
      case 'exhausted':
        query.andWhere('attempt.exhausted');
        break;
    }
    return query.orderBy('attempt.id', 'DESC').limit(limit).getMany();
  }

  /** The latest attempt of one event at one endpoint that knows where the event sits on Kafka. */
  latestWithEventPosition(
    tenantId: string,
    eventId: string,
    endpointId: string,
  ): Promise<AttemptEntity | null> {
    return this.dataSource
      .getRepository(AttemptEntity)
      .createQueryBuilder('attempt')
      .where('attempt.tenant_id = :tenantId AND attempt.event_id = :eventId', { tenantId, eventId })
      .andWhere('attempt.endpoint_id = :endpointId AND attempt.event_offset IS NOT NULL', { endpointId })
      .orderBy('attempt.id', 'DESC')
      .limit(1)
      .getOne();
  }
}

/** The inserted columns, in order, with their Postgres types. */
const INSERT_COLUMNS = [
  ['tenant_id', 'text'],
  ['event_id', 'text'],
  ['event_type', 'text'],
  ['endpoint_id', 'text'],
  ['webhook_id', 'text'],
  ['attempt', 'integer'],
  ['trigger', 'text'],
  ['started_at', 'timestamptz'],
  ['duration_ms', 'integer'],
  ['result', 'text'],
  ['status_code', 'integer'],
  ['error_class', 'text'],
  ['error_message', 'text'],
  ['response_body', 'text'],
  ['next_attempt_at', 'timestamptz'],
  ['exhausted', 'boolean'],
  ['event_partition', 'integer'],
  ['event_offset', 'bigint'],
  ['source_partition', 'integer'],
  ['source_offset', 'bigint'],
] as const;

/** The outcomes as one array per column of INSERT_COLUMNS (timestamps stay ISO strings). */
function attemptColumns(outcomes: PositionedOutcome[]): unknown[][] {
  const columns: unknown[][] = INSERT_COLUMNS.map(() => []);
  for (const { partition, offset, outcome } of outcomes) {
    const row = [
      outcome.tenantId,
      outcome.eventId,
      outcome.eventType,
      outcome.endpointId,
      outcome.webhookId,
      outcome.attempt,
      outcome.trigger ?? 'event',
      outcome.startedAt,
      Math.round(outcome.durationMs),
      outcome.result,
      outcome.statusCode,
      outcome.errorClass,
      outcome.errorMessage,
      outcome.responseBody,
      outcome.nextAttemptAt,
      outcome.exhausted,
      outcome.eventPartition ?? null,
      outcome.eventOffset ?? null,
      partition,
      offset,
    ];
    for (let i = 0; i < row.length; i++) columns[i].push(row[i]);
  }
  return columns;
}
