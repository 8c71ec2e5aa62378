import type { Attributes } from '@opentelemetry/api';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { describeFieldErrors, parseJson, type Validator } from '@hookline/contracts';
import {
  BatchConsumer,
  traceContextOf,
  trackConsumerLag,
  type ConsumedBatch,
  type ConsumerFailurePolicy,
  type DeadLetterSink,
  QUIET_CONSUMER_FETCH_WAIT_MS,
} from '@hookline/kafka';
import { consumedRecordAttributes, startRecordSpans, type MessageSpan } from '@hookline/tracing';
import type {
  InvalidRecord,
  PositionedBatch,
  PositionedRecord,
  PositionedResult,
} from './usecases/positioned-batch';

export interface ProjectionConsumerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topic: string;
  logger: Logger;
  validate: Validator<T>;
  apply: (batch: PositionedBatch<T>) => Promise<PositionedResult<unknown>>;
  /** The stored next offset of a partition of `topic`, or null when nothing was applied yet. */
  storedPosition: (partition: number) => Promise<bigint | null>;
  onApplied?: (batch: ConsumedBatch, applied: number) => void;
  partitionsConsumedConcurrently?: number;
  /** What a record's span names (tenant, event, endpoint, attempt), when tracing is on. */
  spanAttributes?: (value: T) => Attributes;
  /** Where a record whose projection keeps failing goes, after the failure policy's retries. */
  deadLetters: DeadLetterSink;
  failurePolicy: ConsumerFailurePolicy;
}

/**
 * Runs one projected topic. Parses and validates each record (invalid ones are dead-lettered by the use
 * case, in its transaction), hands the batch over, and when the stored position says records are missing
 * seeks back to it: the database, not Kafka's committed offset, says where the projection stands, so an
 * emptied schema is rebuilt from the start of the topic.
 */
export class ProjectionConsumer<T> {
  readonly consumer: BatchConsumer;
  private readonly earliest = new Map<number, bigint>();
  private stopTracking?: () => void;

  constructor(private readonly options: ProjectionConsumerOptions<T>) {
    this.consumer = new BatchConsumer({
      kafka: options.kafka,
      groupId: options.groupId,
      topics: [options.topic],
      fromBeginning: true,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 2,
      maxBytesPerPartition: 4 * 1_048_576,
      maxWaitTimeInMs: QUIET_CONSUMER_FETCH_WAIT_MS,
      logger: options.logger,
      handleBatch: (batch) => this.handleBatch(batch),
      deadLetters: options.deadLetters,
      failurePolicy: options.failurePolicy,
    });
  }

  start(): Promise<void> {
    this.stopTracking = trackConsumerLag(this.consumer, this.options.groupId);
    const kafkaConsumer = this.consumer.kafkaConsumer;
    kafkaConsumer.on(kafkaConsumer.events.GROUP_JOIN, ({ payload }) => {
      void this.seekToStoredPositions(payload.memberAssignment[this.options.topic] ?? []);
    });
    return this.consumer.start();
  }

  /**
   * On every assignment, start each partition where the database says the projection stands (the start of
   * the partition when it holds nothing), not where the group's committed offset says: after the schema is
   * emptied the topic is projected again from the beginning even when no new record arrives.
   */
  private async seekToStoredPositions(partitions: number[]): Promise<void> {
    try {
      for (const partition of partitions) {
        const stored = await this.options.storedPosition(partition);
        const earliest = stored === null ? await this.refreshEarliest(partition) : 0n;
        const offset = stored === null || stored < earliest ? earliest : stored;
        this.consumer.kafkaConsumer.seek({ topic: this.options.topic, partition, offset: offset.toString() });
      }
    } catch (error) {
      // The gap check on the next batch still protects the projection; this only speeds up recovery.
      this.options.logger.error(
        { err: error, topic: this.options.topic, partitions },
        'seeking to stored positions failed',
      );
    }
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    this.stopTracking?.();
  }

  /** An empty batch (the runtime dead-lettered its one record) still moves the stored position past it. */
  private async handleBatch(batch: ConsumedBatch): Promise<void> {
    // One span per record, each continuing its own record's trace, for the batch's one transaction.
    const spans = startRecordSpans('consumer', () => this.recordSpans(batch));
    try {
      await this.project(batch);
      spans.end();
    } catch (error) {
      spans.end(error);
      // Nothing was committed: kafkajs fetches the batch again, and the stored position keeps it exactly-once.
      this.options.logger.error(
        {
          err: error,
          topic: batch.topic,
          partition: batch.partition,
          firstOffset: batch.firstOffset,
          lastOffset: batch.lastOffset,
        },
        'projecting a batch failed',
      );
      throw error;
    }
  }

  private async project(batch: ConsumedBatch): Promise<void> {
    const parsed = this.parse(batch);
    let result = await this.options.apply({
      ...parsed,
      earliestOffset: this.earliest.get(batch.partition) ?? 0n,
    });
    if (result.kind === 'gap') {
      const earliestOffset = await this.refreshEarliest(batch.partition);
      result = await this.options.apply({ ...parsed, earliestOffset });
    }
    if (result.kind === 'gap') {
      this.options.logger.warn(
        {
          topic: batch.topic,
          partition: batch.partition,
          batchStart: parsed.firstOffset,
          storedPosition: result.expectedOffset.toString(),
        },
        'projection is behind the group offset (schema emptied or restored); seeking to the stored position',
      );
      this.consumer.kafkaConsumer.seek({
        topic: batch.topic,
        partition: batch.partition,
        offset: result.expectedOffset.toString(),
      });
      return;
    }
    batch.markDone(parsed.lastOffset);
    this.options.onApplied?.(batch, result.applied);
  }

  /** Parsed again, but only when tracing is on: the hot path parses each record once. */
  private recordSpans(batch: ConsumedBatch): MessageSpan[] {
    return batch.messages.map((message) => ({
      name: `process ${batch.topic}`,
      parent: () => traceContextOf(message.headers),
      attributes: () => {
        const json = parseJson(message.value);
        const value = json.ok ? this.options.validate(json.value) : json;
        return {
          ...consumedRecordAttributes(batch.topic, batch.partition, message.offset),
          ...(value.ok ? this.options.spanAttributes?.(value.value) : {}),
        };
      },
    }));
  }

  private parse(batch: ConsumedBatch) {
    const records: Array<PositionedRecord<T>> = [];
    const invalid: InvalidRecord[] = [];
    for (const message of batch.messages) {
      const json = parseJson(message.value);
      const value = json.ok ? this.options.validate(json.value) : json;
      if (value.ok) records.push({ offset: message.offset, value: value.value });
      else invalid.push(this.invalidRecord(batch, message, describeFieldErrors(value.errors)));
    }
    const { lastOffset } = batch;
    return {
      topic: batch.topic,
      partition: batch.partition,
      firstOffset: batch.firstOffset,
      nextOffset: (BigInt(lastOffset) + 1n).toString(),
      lastOffset,
      records,
      invalid,
    };
  }

  private invalidRecord(batch: ConsumedBatch, message: KafkaMessage, reason: string): InvalidRecord {
    this.options.logger.error(
      {
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        key: message.key?.toString(),
        reason,
      },
      'invalid record dead-lettered',
    );
    return {
      offset: message.offset,
      key: message.key?.toString() ?? null,
      value: message.value?.toString() ?? null,
      reason,
    };
  }

  private async refreshEarliest(partition: number): Promise<bigint> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      for (const offsets of await admin.fetchTopicOffsets(this.options.topic)) {
        this.earliest.set(offsets.partition, BigInt(offsets.low));
      }
    } finally {
      await admin.disconnect();
    }
    return this.earliest.get(partition) ?? 0n;
  }
}
