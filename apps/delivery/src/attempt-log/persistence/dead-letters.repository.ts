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

  /**
   * Recovers the next chunk of an endpoint's unrecovered dead letters: locks up to `limit` of them
   * (`FOR UPDATE SKIP LOCKED`, so a concurrent recovery on another replica takes other rows, never these),
   * hands them to `enqueue`, and marks them recovered in the same transaction. If `enqueue` fails nothing is
   * marked; if the process dies after `enqueue`, the rows stay unrecovered and are sent again (same
   * webhook-ids) by the next recovery. Answers how many rows this call recovered (0: nothing left to take).
   */
  async recoverChunk(
    tenantId: string,
    endpointId: string,
    options: { since?: Date; limit: number; at: Date },
    enqueue: (chunk: DeadLetterEntity[]) => Promise<void>,
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const query = manager
        .getRepository(DeadLetterEntity)
        .createQueryBuilder('dead')
        .where('dead.tenant_id = :tenantId AND dead.endpoint_id = :endpointId', { tenantId, endpointId })
        .andWhere('dead.recovered_at IS NULL');
      if (options.since !== undefined) query.andWhere('dead.dead_lettered_at >= :since', options);
      const chunk = await query
        .orderBy('dead.id', 'ASC')
        .limit(options.limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (chunk.length === 0) return 0;
      await enqueue(chunk);
      await manager
        .getRepository(DeadLetterEntity)
        .update({ tenantId, id: In(chunk.map((deadLetter) => deadLetter.id)) }, { recoveredAt: options.at });
      return chunk.length;
    });
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
