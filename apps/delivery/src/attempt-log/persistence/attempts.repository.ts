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

  /** Idempotent: an outcome already recorded (same topic position) is skipped. */
  async record(outcomes: PositionedOutcome[]): Promise<number> {
    let inserted = 0;
    for (let start = 0; start < outcomes.length; start += 1_000) {
      const rows = outcomes.slice(start, start + 1_000).map(toRow);
      const result = await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(AttemptEntity)
        .values(rows)
        .orIgnore()
        .returning('id')
        .execute();
      inserted += (result.raw as unknown[]).length;
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

function toRow({ partition, offset, outcome }: PositionedOutcome): Partial<AttemptEntity> {
  return {
    tenantId: outcome.tenantId,
    eventId: outcome.eventId,
    eventType: outcome.eventType,
    endpointId: outcome.endpointId,
    webhookId: outcome.webhookId,
    attempt: outcome.attempt,
    trigger: outcome.trigger ?? 'event',
    startedAt: new Date(outcome.startedAt),
    durationMs: Math.round(outcome.durationMs),
    result: outcome.result,
    statusCode: outcome.statusCode,
    errorClass: outcome.errorClass,
    errorMessage: outcome.errorMessage,
    responseBody: outcome.responseBody,
    nextAttemptAt: outcome.nextAttemptAt === null ? null : new Date(outcome.nextAttemptAt),
    exhausted: outcome.exhausted,
    eventPartition: outcome.eventPartition ?? null,
    eventOffset: outcome.eventOffset ?? null,
    sourcePartition: partition,
    sourceOffset: offset,
  };
}
