import type { KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { deadLetterHeaders } from '../dead-letter-headers';
import type { OutgoingRecord } from '../kafka-publisher';
import { headerString } from '../trace-headers';
import type { DeadLetterIds } from './classify-failure';
import { deadLetterCounter, type DeadLetterCounter, type DeadLetterReasonClass } from './dead-letter-metrics';

/** Header names a dead letter carries besides `deadLetterHeaders`: why, who gave up, and whose record. */
export const DEAD_LETTER_HEADERS = {
  kind: 'hookline-dlq-kind',
  reasonClass: 'hookline-dlq-reason-class',
  consumer: 'hookline-dlq-consumer',
  tenantId: 'hookline-dlq-tenant-id',
  eventId: 'hookline-dlq-event-id',
} as const;

export interface DeadLetterSinkOptions {
  /** Where dead letters go: the stream's own dead-letter topic. */
  topic: string;
  /** Names the consumer in the metric, the log line and the `hookline-dlq-consumer` header. */
  consumer: string;
  publish: (records: OutgoingRecord[]) => Promise<unknown>;
  logger: Logger;
  registry?: Registry;
}

export interface DeadLetter {
  source: { topic: string; partition: number; message: KafkaMessage };
  reason: string;
  reasonClass: DeadLetterReasonClass;
  ids?: DeadLetterIds;
}

/**
 * The one way a consumer dead-letters a record: the original key, value and headers go to the stream's
 * dead-letter topic with headers naming the reason, the consumer and where the record came from; the dead
 * letter is counted and logged with its ids. Resolves once Kafka acknowledged it.
 */
export class DeadLetterSink {
  private readonly counter: DeadLetterCounter;

  constructor(private readonly options: DeadLetterSinkOptions) {
    this.counter = deadLetterCounter(options.registry);
  }

  get topic(): string {
    return this.options.topic;
  }

  async send(deadLetter: DeadLetter): Promise<void> {
    const { topic, partition, message } = deadLetter.source;
    const ids = { ...idsFromHeaders(message), ...definedOnly(deadLetter.ids ?? {}) };
    const reason = deadLetter.reason.slice(0, 2_000);
    await this.options.publish([
      {
        topic: this.options.topic,
        key: message.key?.toString() ?? null,
        value: message.value?.toString('utf8') ?? null,
        headers: {
          ...originalHeaders(message),
          ...deadLetterHeaders(reason, { topic, partition, offset: message.offset }),
          [DEAD_LETTER_HEADERS.kind]: `consumer-${deadLetter.reasonClass}`,
          [DEAD_LETTER_HEADERS.reasonClass]: deadLetter.reasonClass,
          [DEAD_LETTER_HEADERS.consumer]: this.options.consumer,
          ...(ids.tenantId === undefined ? {} : { [DEAD_LETTER_HEADERS.tenantId]: ids.tenantId }),
          ...(ids.eventId === undefined ? {} : { [DEAD_LETTER_HEADERS.eventId]: ids.eventId }),
        },
      },
    ]);
    this.counter.inc({ consumer: this.options.consumer, topic, reason_class: deadLetter.reasonClass });
    this.options.logger.warn(
      {
        consumer: this.options.consumer,
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString(),
        tenantId: ids.tenantId,
        eventId: ids.eventId,
        reasonClass: deadLetter.reasonClass,
        reason,
        deadLetterTopic: this.options.topic,
      },
      'record dead-lettered',
    );
  }
}

/** CloudEvents binary-mode headers name the tenant and event of most Hookline records. */
function idsFromHeaders(message: KafkaMessage): DeadLetterIds {
  return definedOnly({
    tenantId: headerString(message.headers, 'ce_tenantid'),
    eventId: headerString(message.headers, 'ce_id'),
  });
}

function definedOnly(ids: DeadLetterIds): DeadLetterIds {
  const out: DeadLetterIds = {};
  if (ids.tenantId !== undefined) out.tenantId = ids.tenantId;
  if (ids.eventId !== undefined) out.eventId = ids.eventId;
  return out;
}

/** The record's own headers, except earlier dead-letter headers (a dead letter never looks like another). */
function originalHeaders(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (name.startsWith('hookline-dlq-')) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return headers;
}
