import type { EntityManager } from 'typeorm';
import { AppliedOffsetEntity } from './applied-offset.entity';

/**
 * The next Kafka offset to apply per partition, stored in the same transaction as what the records
 * produced: the projection's own record of its progress, which Kafka's committed offsets only mirror.
 */
export class ProjectionPositionsRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Locks the partition's position for this transaction; 0 when nothing was ever applied. Insert-then-lock:
   * on a partition's first batch there is no row to lock, so two owners (a rebalance hands the partition
   * over while the old owner still applies) would both apply it. Inserting the row first makes the second
   * wait on the first's uncommitted insert, then lock the position the first committed.
   */
  async lock(topic: string, partition: number): Promise<bigint> {
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(AppliedOffsetEntity)
      .values({ topic, partition, nextOffset: '0' })
      .orIgnore()
      .execute();
    const position = await this.manager.findOneOrFail(AppliedOffsetEntity, {
      where: { topic, partition },
      lock: { mode: 'pessimistic_write' },
    });
    return BigInt(position.nextOffset);
  }

  /** The partition's position; null when nothing was applied yet (no row, or the row `lock` inserted). */
  async find(topic: string, partition: number): Promise<bigint | null> {
    const position = await this.manager.findOneBy(AppliedOffsetEntity, { topic, partition });
    return position === null || position.nextOffset === '0' ? null : BigInt(position.nextOffset);
  }

  async save(topic: string, partition: number, nextOffset: bigint): Promise<void> {
    await this.manager.upsert(AppliedOffsetEntity, { topic, partition, nextOffset: nextOffset.toString() }, [
      'topic',
      'partition',
    ]);
  }

  async all(): Promise<Array<{ topic: string; partition: number; nextOffset: bigint }>> {
    const rows = await this.manager.find(AppliedOffsetEntity);
    return rows.map((row) => ({ ...row, nextOffset: BigInt(row.nextOffset) }));
  }
}
