import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaPublisher } from '@hookline/kafka';
import { decodeIdRanges, encodeIdRanges, type IdRange } from './id-ranges';
import type { OutboxRow } from './outbox-leader-session';

/** How a leading relay hands rows to Kafka. One instance lives for one leadership term. */
export interface OutboxPublisher {
  /** Connects; returns the rows that a previous term published but may not have deleted. */
  open(): Promise<IdRange[]>;
  /** `beforeCommit` runs once the records are written but not yet committed (a test hook). */
  publish(rows: OutboxRow[], ranges: IdRange[], beforeCommit: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

const toMessages = (rows: OutboxRow[]) => {
  const byTopic = new Map<string, OutboxRow[]>();
  for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
  return [...byTopic].map(([topic, list]) => ({
    topic,
    messages: list.map((row) => ({ key: row.key, value: row.value, headers: row.headers })),
  }));
};

/** At-least-once: a crash between publish and delete publishes that batch again (consumers dedupe by id). */
export class AtLeastOncePublisher implements OutboxPublisher {
  constructor(private readonly publisher: KafkaPublisher) {}

  open(): Promise<IdRange[]> {
    return Promise.resolve([]);
  }

  async publish(rows: OutboxRow[], _ranges: IdRange[], beforeCommit: () => Promise<void>): Promise<void> {
    await beforeCommit();
    await this.publisher.publish(
      rows.map((row) => ({ topic: row.topic, key: row.key, value: row.value, headers: row.headers })),
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export interface ExactlyOnceOptions {
  /** Shared by every replica of the service, so a new leader fences the old one. */
  transactionalId: string;
  /** The (empty) topic whose partition 0 carries the progress marker as this relay's group offset. */
  progressTopic: string;
  /** An abandoned transaction blocks read_committed consumers until it times out or is fenced. */
  transactionTimeoutMs: number;
}

/**
 * Exactly-once: each batch is one Kafka transaction holding its records and a progress marker (the ids of
 * the batch, committed as this relay's group offset metadata via `sendOffsets`). Connecting fences any older
 * producer with the same transactional id and settles its open transaction; the marker then says which
 * rows went out, so they are deleted instead of published twice. read_committed consumers (kafkajs's
 * default) never see records of an aborted transaction.
 */
export class ExactlyOncePublisher implements OutboxPublisher {
  private producer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ExactlyOnceOptions,
    private readonly logger: Logger,
  ) {}

  async open(): Promise<IdRange[]> {
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      transactionalId: this.options.transactionalId,
      transactionTimeout: this.options.transactionTimeoutMs,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
    return this.readMarker();
  }

  async publish(rows: OutboxRow[], ranges: IdRange[], beforeCommit: () => Promise<void>): Promise<void> {
    if (this.producer === undefined) throw new Error('exactly-once publisher is not open');
    // kafkajs's types omit it, but TxnOffsetCommit carries the metadata string through to the broker.
    const marker = { partition: 0, offset: '0', metadata: encodeIdRanges(ranges) };
    const transaction = await this.producer.transaction();
    try {
      await transaction.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: toMessages(rows),
      });
      await transaction.sendOffsets({
        consumerGroupId: this.options.transactionalId,
        topics: [
          {
            topic: this.options.progressTopic,
            partitions: [marker],
          },
        ],
      });
      await beforeCommit();
      await transaction.commit();
    } catch (error) {
      // Whether or not the abort gets through, the term ends and the next one fences this producer.
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  private async readMarker(): Promise<IdRange[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchOffsets({
        groupId: this.options.transactionalId,
        topics: [this.options.progressTopic],
      });
      const marker = offsets[0]?.partitions.find((partition) => partition.partition === 0)?.metadata;
      const ranges = decodeIdRanges(marker);
      this.logger.info(
        { transactionalId: this.options.transactionalId, ranges: ranges.length },
        'outbox progress marker read',
      );
      return ranges;
    } finally {
      await admin.disconnect();
    }
  }
}
