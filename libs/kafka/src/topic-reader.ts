import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

export interface PartitionRange {
  partition: number;
  /** First offset to read. */
  from: string;
  /** Offset to stop before (exclusive). */
  to: string;
}

export interface ReadRangesOptions {
  kafka: Kafka;
  topic: string;
  ranges: PartitionRange[];
  /**
   * The throwaway group's name starts with this: the reading service's own group prefix
   * (`<namespace>hookline.<service>`), so the prefixed Kafka ACL of its principal covers it.
   */
  groupPrefix: string;
  /** Called per fetched batch, in offset order per partition; awaited before the next fetch. */
  onRecords: (partition: number, messages: KafkaMessage[]) => Promise<void>;
  timeoutMs?: number;
  shouldContinue?: () => boolean;
  /** Bytes fetched per partition at once (kafkajs's default, 1 MiB, when absent): bounds one batch. */
  maxBytesPerPartition?: number;
}

/**
 * The offsets that bracket `[sinceMs, untilMs)` on every partition of a topic, found by record timestamp:
 * replay reads exactly these records.
 */
export async function offsetRangesByTime(
  kafka: Kafka,
  topic: string,
  sinceMs: number,
  untilMs: number,
): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [from, to] = await Promise.all([
      admin.fetchTopicOffsetsByTimestamp(topic, sinceMs),
      admin.fetchTopicOffsetsByTimestamp(topic, untilMs),
    ]);
    return from.map(({ partition, offset }) => ({
      partition,
      from: offset,
      to: to.find((entry) => entry.partition === partition)?.offset ?? offset,
    }));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads the given offset ranges of a topic once, outside any service's consumer group (a throwaway group
 * that commits nothing). Resolves when every range is read; rejects after `timeoutMs`.
 */
export async function readOffsetRanges(options: ReadRangesOptions): Promise<void> {
  const pending = new Map(
    options.ranges
      .filter((range) => BigInt(range.from) < BigInt(range.to))
      .map((range) => [range.partition, range]),
  );
  if (pending.size === 0) return;
  const consumer = options.kafka.consumer({
    groupId: `${options.groupPrefix}.reader.${randomUUID()}`,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
    readUncommitted: false,
    ...(options.maxBytesPerPartition === undefined
      ? {}
      : { maxBytesPerPartition: options.maxBytesPerPartition }),
  });
  let finish: (error?: Error) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = (error) => (error === undefined ? resolve() : reject(error));
  });
  const timer = setTimeout(
    () => finish(new Error(`reading ${options.topic} did not finish in ${options.timeoutMs} ms`)),
    options.timeoutMs ?? 120_000,
  );
  try {
    // Emitted after every batch, including those kafkajs filtered to nothing (transaction markers), so a
    // range that ends on a marker still completes.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const range = pending.get(payload.partition);
      if (range !== undefined && BigInt(payload.lastOffset) + 1n >= BigInt(range.to)) {
        pending.delete(payload.partition);
        if (pending.size === 0) finish();
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = pending.get(batch.partition);
        if (range === undefined) return;
        if (options.shouldContinue?.() === false) return finish(new Error('reading was cancelled'));
        const end = BigInt(range.to);
        const wanted = batch.messages.filter((message) => BigInt(message.offset) < end);
        if (wanted.length > 0) await options.onRecords(batch.partition, wanted);
      },
    });
    for (const range of pending.values()) {
      consumer.seek({ topic: options.topic, partition: range.partition, offset: range.from });
    }
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

/** The one record at `offset` of a partition, or undefined when it is gone (retention) or never existed. */
export async function readRecordAt(
  kafka: Kafka,
  topic: string,
  partition: number,
  offset: string,
  groupPrefix: string,
  timeoutMs = 30_000,
): Promise<KafkaMessage | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  let bounds: { low: string; high: string } | undefined;
  try {
    bounds = (await admin.fetchTopicOffsets(topic)).find((entry) => entry.partition === partition);
  } finally {
    await admin.disconnect();
  }
  if (bounds === undefined) return undefined;
  const at = BigInt(offset);
  if (at < BigInt(bounds.low) || at >= BigInt(bounds.high)) return undefined;
  let found: KafkaMessage | undefined;
  await readOffsetRanges({
    kafka,
    topic,
    ranges: [{ partition, from: offset, to: (at + 1n).toString() }],
    groupPrefix,
    timeoutMs,
    onRecords: (_, messages) => {
      found = messages.find((message) => message.offset === offset) ?? found;
      return Promise.resolve();
    },
  });
  return found;
}
