import type { OutgoingRecord } from './kafka-publisher';

/** Kafka's own default for a topic's `max.message.bytes` is 1 MiB + 12; Hookline sets 1 MiB unless told. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

/** A v2 record batch's fixed header: a one-record batch is this much bigger than its record. */
export const RECORD_BATCH_OVERHEAD_BYTES = 61;
/** The most a record's varint lengths, attributes and deltas can add (length, timestamp, offset, key, value). */
const RECORD_OVERHEAD_BYTES = 36;
/** The most one header's two varint lengths can add. */
const HEADER_OVERHEAD_BYTES = 10;

/**
 * An upper bound on the bytes the record takes inside a record batch (uncompressed, as Hookline sends):
 * the broker compares the batch with the topic's `max.message.bytes`, so a record fits on its own when
 * `RECORD_BATCH_OVERHEAD_BYTES + recordBytes(record)` does not exceed it.
 */
export function recordBytes(record: Pick<OutgoingRecord, 'key' | 'value' | 'headers'>): number {
  let size =
    RECORD_OVERHEAD_BYTES + Buffer.byteLength(record.key ?? '') + Buffer.byteLength(record.value ?? '');
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    size += HEADER_OVERHEAD_BYTES + Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  return size;
}

/** The bytes a record adds to a single-record batch, the unit the topic's limit applies to. */
export function singleRecordBatchBytes(record: Pick<OutgoingRecord, 'key' | 'value' | 'headers'>): number {
  return RECORD_BATCH_OVERHEAD_BYTES + recordBytes(record);
}
