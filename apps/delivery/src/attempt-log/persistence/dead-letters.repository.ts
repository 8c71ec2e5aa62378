import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { DeliveryTask } from '../../dispatch/domain/delivery-task';
import { DeadLetterEntity } from './dead-letter.entity';

export interface PositionedDeadLetter {
  partition: number;
  offset: string;
  task: DeliveryTask;
}

/** Dead-lettered deliveries awaiting recovery. Every read and update is scoped to one tenant. */
@Injectable()
export class DeadLettersRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Idempotent: a record already stored (same topic position) is skipped. */
  async record(deadLetters: PositionedDeadLetter[]): Promise<number> {
    if (deadLetters.length === 0) return 0;
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(DeadLetterEntity)
      .values(deadLetters.map(toRow))
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length;
  }

  /** Unrecovered dead letters of one endpoint, oldest first, after `afterId`. */
  pending(
    tenantId: string,
    endpointId: string,
    options: { since?: Date; afterId?: string; limit: number },
  ): Promise<DeadLetterEntity[]> {
    const query = this.dataSource
      .getRepository(DeadLetterEntity)
      .createQueryBuilder('dead')
      .where('dead.tenant_id = :tenantId AND dead.endpoint_id = :endpointId', { tenantId, endpointId })
      .andWhere('dead.recovered_at IS NULL');
    if (options.since !== undefined) query.andWhere('dead.dead_lettered_at >= :since', options);
    if (options.afterId !== undefined) query.andWhere('dead.id > :afterId', options);
    return query.orderBy('dead.id', 'ASC').limit(options.limit).getMany();
  }

  async markRecovered(tenantId: string, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource
      .getRepository(DeadLetterEntity)
      .update({ tenantId, id: In(ids), recoveredAt: IsNull() }, { recoveredAt: at });
  }

  latestForDelivery(tenantId: string, eventId: string, endpointId: string): Promise<DeadLetterEntity | null> {
    return this.dataSource
      .getRepository(DeadLetterEntity)
      .findOne({ where: { tenantId, eventId, endpointId }, order: { id: 'DESC' } });
  }

  /** For the dead-letter depth metric: an operator figure across all tenants, no tenant data returned. */
  countPendingAcrossTenants(): Promise<number> {
    return this.dataSource.getRepository(DeadLetterEntity).countBy({ recoveredAt: IsNull() });
  }
}

function toRow({ partition, offset, task }: PositionedDeadLetter): QueryDeepPartialEntity<DeadLetterEntity> {
  return {
    tenantId: task.event.tenantid,
    endpointId: task.endpointId,
    eventId: task.event.id,
    webhookId: task.webhookId,
    reason: task.deadLetter?.reason ?? 'unknown',
    task: task as unknown as QueryDeepPartialEntity<DeliveryTask>,
    deadLetteredAt: new Date(task.deadLetter?.at ?? Date.now()),
    recoveredAt: null,
    sourcePartition: partition,
    sourceOffset: offset,
  };
}
