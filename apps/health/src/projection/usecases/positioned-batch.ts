import type { HealthRepositories } from '../../database/health-store';

export interface PositionedRecord<T> {
  offset: string;
  value: T;
}

export interface InvalidRecord {
  offset: string;
  key: string | null;
  value: string | null;
  reason: string;
}

/** One fetched batch of a partition, already parsed: what a projection use case applies. */
export interface PositionedBatch<T> {
  topic: string;
  partition: number;
  firstOffset: string;
  /** The offset after the batch's last record, valid or not. */
  nextOffset: string;
  /** The earliest offset the partition still holds, as far as the consumer knows. */
  earliestOffset: bigint;
  records: Array<PositionedRecord<T>>;
  invalid: InvalidRecord[];
}

export type PositionedResult<R> =
  | { kind: 'applied'; applied: number; result: R | undefined }
  /** The batch starts after the stored position: the consumer must seek back to `expectedOffset`. */
  | { kind: 'gap'; expectedOffset: bigint };

/**
 * The exactly-once rule every health projection follows, inside the caller's transaction: lock the
 * partition's stored position, skip what was applied before, refuse a batch that would leave a gap (the
 * schema was emptied or restored while Kafka's committed offset stayed ahead), dead-letter invalid records,
 * apply the rest, and move the position in the same transaction.
 */
export async function applyPositioned<T, R>(
  repositories: HealthRepositories,
  batch: PositionedBatch<T>,
  deadLetterTopic: string,
  work: (pending: T[]) => Promise<R>,
): Promise<PositionedResult<R>> {
  const { topic, partition } = batch;
  const position = await repositories.positions.lock(topic, partition);
  const from = maxOf(position, batch.earliestOffset);
  if (BigInt(batch.firstOffset) > from) return { kind: 'gap', expectedOffset: from };
  const pending = batch.records
    .filter((record) => BigInt(record.offset) >= from)
    .map((record) => record.value);
  const invalid = batch.invalid.filter((record) => BigInt(record.offset) >= from);
  if (invalid.length > 0) {
    await repositories.deadLetters.append(
      deadLetterTopic,
      invalid.map((record) => ({ ...record, topic, partition })),
    );
  }
  const result = pending.length > 0 ? await work(pending) : undefined;
  const next = BigInt(batch.nextOffset);
  if (next > position) await repositories.positions.save(topic, partition, next);
  return { kind: 'applied', applied: pending.length, result };
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
