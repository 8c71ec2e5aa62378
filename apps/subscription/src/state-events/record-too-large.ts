import { singleRecordBatchBytes, type OutgoingRecord } from '@hookline/kafka';
import { SubscriptionError, SubscriptionErrorCode } from '../errors/subscription.error';

/**
 * Room left for the headers the outbox adds to a record (trace context) and for what the relay adds on the
 * way: the check is made on the record without them.
 */
const HEADER_ALLOWANCE_BYTES = 1_024;

/**
 * The refusal for a state record that Kafka could never take (bigger than the topics' `max.message.bytes`),
 * or undefined when it fits. Decided inside the transaction, before it commits.
 */
export function recordTooLarge(
  record: Pick<OutgoingRecord, 'key' | 'value'>,
  what: string,
  maxMessageBytes: number,
): SubscriptionError | undefined {
  const bytes = singleRecordBatchBytes(record) + HEADER_ALLOWANCE_BYTES;
  if (bytes <= maxMessageBytes) return undefined;
  return new SubscriptionError(
    SubscriptionErrorCode.RecordTooLarge,
    `the change would make the published state of ${what} ${bytes} bytes, over the limit of ${maxMessageBytes} bytes per record; remove something first`,
  );
}
