import { CompressionTypes, Partitioners, type Kafka, type Producer, type RecordMetadata } from 'kafkajs';
import type { Logger } from 'pino';
import { DEFAULT_MAX_MESSAGE_BYTES, RECORD_BATCH_OVERHEAD_BYTES, recordBytes } from './record-size';
import { findRecordTooLarge } from './record-too-large.error';
import { withTraceHeaders } from './trace-headers';

export interface OutgoingRecord {
  topic: string;
  key: string | null;
  /** The serialised value (JSON for every Hookline topic), or null for a tombstone. */
  value: string | null;
  headers?: Record<string, string>;
  /** Explicit record timestamp in ms (defaults to now). */
  timestamp?: number;
  /** Explicit partition (defaults to the key's hash). */
  partition?: number;
}

interface PendingSend {
  records: OutgoingRecord[];
  resolve: (metadata: RecordMetadata[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesced records are sent in requests of at most this many (estimated) bytes, and never more than the
 * topics' `max.message.bytes`: the broker refuses a record batch over it, however the records were grouped.
 */
const MAX_REQUEST_BYTES = 768 * 1024;

export interface KafkaPublisherOptions {
  transactionalId?: string;
  /**
   * The `max.message.bytes` of the topics this publisher writes to (KAFKA_MAX_MESSAGE_BYTES, which Hookline
   * sets on every topic it creates). A record bigger than it on its own is refused with `RecordTooLargeError`
   * before Kafka sees it.
   */
  maxMessageBytes?: number;
}

/**
 * Idempotent, acks=all publishing. kafkajs's idempotent producer can silently drop records when several
 * `send` calls are in flight at once (kafkajs#1005), so every caller's records go through one queue that is
 * flushed by a single `sendBatch` at a time: callers that arrive while a send is in flight are coalesced
 * into the next one (in size-bounded requests), which keeps throughput high and per-key order intact.
 */
export class KafkaPublisher {
  private producer: Producer;
  private queue: PendingSend[] = [];
  private flushing = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: Logger,
    private readonly options: KafkaPublisherOptions = {},
  ) {
    this.producer = this.createProducer();
  }

  /** The limit every record is checked against before it is queued. */
  get maxMessageBytes(): number {
    return this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  private createProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      transactionalId: this.options.transactionalId,
      // Explicit (it is kafkajs 2's default, murmur2 like the Java client): keys land where Java puts them.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async disconnect(): Promise<void> {
    while (this.flushing || this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.producer.disconnect();
  }

  /**
   * Resolves once every record is acknowledged by all in-sync replicas. Rejects at once, publishing none of
   * them, with `RecordTooLargeError` when one record cannot fit its topic's limit: retrying cannot help.
   */
  publish(records: OutgoingRecord[]): Promise<RecordMetadata[]> {
    if (records.length === 0) return Promise.resolve([]);
    // Trace headers are taken here, in the caller's context, not later in the shared flush.
    const traced = records.map((record) => ({ ...record, headers: withTraceHeaders({ ...record.headers }) }));
    const tooLarge = findRecordTooLarge(traced, this.maxMessageBytes);
    if (tooLarge !== undefined) {
      this.logger.warn(
        { topic: tooLarge.topic, key: tooLarge.key, bytes: tooLarge.bytes, limit: tooLarge.limit },
        'kafka record refused before publish: larger than its topic allows',
      );
      return Promise.reject(tooLarge);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ records: traced, resolve, reject });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.sendCoalesced(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async sendCoalesced(batch: PendingSend[]): Promise<void> {
    try {
      const metadata: RecordMetadata[] = [];
      const chunkBytes = Math.min(MAX_REQUEST_BYTES, this.maxMessageBytes - RECORD_BATCH_OVERHEAD_BYTES);
      for (const records of chunksBySize(
        batch.flatMap((pending) => pending.records),
        chunkBytes,
      )) {
        metadata.push(
          ...(await this.producer.sendBatch({
            acks: -1,
            compression: CompressionTypes.None,
            topicMessages: groupByTopic(records),
          })),
        );
      }
      for (const pending of batch) pending.resolve(metadata);
    } catch (error) {
      this.logger.error({ err: error, records: batch.length }, 'kafka publish failed');
      for (const pending of batch) pending.reject(error);
      await this.replaceProducer();
    }
  }

  /**
   * After a failed send kafkajs's idempotent producer keeps sequence numbers the broker never accepted, and
   * every later send fails as "out of order". A new producer (new producer id) starts clean; callers retry.
   */
  private async replaceProducer(): Promise<void> {
    const failed = this.producer;
    this.producer = this.createProducer();
    await failed.disconnect().catch(() => undefined);
    try {
      await this.producer.connect();
    } catch (error) {
      // The next send connects again (kafkajs reconnects on demand); nothing is lost by waiting for it.
      this.logger.warn({ err: error }, 'kafka producer reconnect failed');
    }
  }
}

/** Splits records, in order, into requests under the size bound (a record larger than it goes alone). */
function chunksBySize(records: OutgoingRecord[], maxBytes: number): OutgoingRecord[][] {
  const chunks: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let size = 0;
  for (const record of records) {
    const bytes = recordBytes(record);
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(record);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function groupByTopic(records: OutgoingRecord[]) {
  const byTopic = new Map<string, OutgoingRecord[]>();
  for (const record of records) {
    const list = byTopic.get(record.topic) ?? [];
    list.push(record);
    byTopic.set(record.topic, list);
  }
  return [...byTopic.entries()].map(([topic, list]) => ({
    topic,
    messages: list.map((record) => ({
      key: record.key,
      value: record.value,
      headers: record.headers,
      partition: record.partition,
      timestamp: record.timestamp === undefined ? undefined : String(record.timestamp),
    })),
  }));
}
