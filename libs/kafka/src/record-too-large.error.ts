import type { OutgoingRecord } from './kafka-publisher';
import { singleRecordBatchBytes } from './record-size';

/**
 * A record refused before it reached Kafka: on its own it is bigger than its topic's `max.message.bytes`, so
 * the broker would refuse it on every try. Names the topic, key, size and limit, never the value (which can
 * hold secrets or tenant data).
 */
export class RecordTooLargeError extends Error {
  override readonly name = 'RecordTooLargeError';

  constructor(
    readonly topic: string,
    readonly key: string | null,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `a record for ${topic} (key ${key ?? 'null'}) is ${bytes} bytes, over its max.message.bytes of ${limit}`,
    );
  }
}

/** The first record that cannot fit its topic's limit on its own, as an error; undefined when all fit. */
export function findRecordTooLarge(
  records: readonly OutgoingRecord[],
  maxMessageBytes: number,
): RecordTooLargeError | undefined {
  for (const record of records) {
    const bytes = singleRecordBatchBytes(record);
    if (bytes > maxMessageBytes)
      return new RecordTooLargeError(record.topic, record.key, bytes, maxMessageBytes);
  }
  return undefined;
}

const BROKER_SIZE_REFUSALS: ReadonlySet<string> = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/**
 * Whether an error says a record is too large: Hookline's own check, or the broker's refusal (a topic whose
 * `max.message.bytes` is lower than the setting says). kafkajs may wrap the broker's error in a retry error.
 */
export function isRecordTooLarge(error: unknown, depth = 0): boolean {
  if (error instanceof RecordTooLargeError) return true;
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { type, cause, originalError, errors } = error as {
    type?: unknown;
    cause?: unknown;
    originalError?: unknown;
    errors?: unknown;
  };
  if (typeof type === 'string' && BROKER_SIZE_REFUSALS.has(type)) return true;
  const nested = [cause, originalError, ...(Array.isArray(errors) ? (errors as unknown[]) : [])];
  return nested.some((inner) => isRecordTooLarge(inner, depth + 1));
}
