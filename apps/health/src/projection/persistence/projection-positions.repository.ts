import type { EntityManager } from 'typeorm';
import { AppliedOffsetEntity } from './applied-offset.entity';

/**
 * The next Kafka offset to apply per partition, stored in the same transaction as what the records
 * produced: the projection's own record of its progress, which Kafka's committed offsets only mirror.
 */
export class ProjectionPositionsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Locks the partition's position for this transaction; null when nothing was ever applied. */
  async lock(topic: string, partition: number): Promise<bigint | null> {
    const position = await this.manager.findOne(AppliedOffsetEntity, {
      where: { topic, partition },
      lock: { mode: 'pessimistic_write' },
    });
    return position === null ? null : BigInt(position.nextOffset);
  }

  async find(topic: string, partition: number): Promise<bigint | null> {
    const position = await this.manager.findOneBy(AppliedOffsetEntity, { topic, partition });
    return position === null ? null : BigInt(position.nextOffset);
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
