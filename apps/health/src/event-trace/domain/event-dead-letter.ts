/** Reads one header of a Kafka record as a string (undefined when absent). */
export type HeaderReader = (name: string) => string | undefined;

/** A record a consumer gave up on that names a tenant's event: what the trace shows for it. */
export interface EventDeadLetter {
  tenantId: string;
  eventId: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  consumer: string;
  reasonClass: string;
  reason: string;
  deadLetteredAt: Date;
}

/**
 * Reads a dead letter's headers (written by libs/kafka's `DeadLetterSink`, `DEAD_LETTER_HEADERS`). Undefined for a dead letter
 * that names no tenant event, or for one that is not a consumer's (a delivery that exhausted its retries
 * is in the attempt log already).
 */
export function eventDeadLetterOf(read: HeaderReader): EventDeadLetter | undefined {
  const tenantId = read('hookline-dlq-tenant-id');
  const eventId = read('hookline-dlq-event-id');
  const consumer = read('hookline-dlq-consumer');
  const sourceTopic = read('hookline-dlq-source-topic');
  const partition = Number(read('hookline-dlq-source-partition'));
  const sourceOffset = read('hookline-dlq-source-offset');
  if (tenantId === undefined || eventId === undefined || consumer === undefined) return undefined;
  if (sourceTopic === undefined || !Number.isInteger(partition) || !/^\d+$/.test(sourceOffset ?? ''))
    return undefined;
  const at = Date.parse(read('hookline-dlq-at') ?? '');
  return {
    tenantId,
    eventId,
    sourceTopic,
    sourcePartition: partition,
    sourceOffset: sourceOffset as string,
    consumer,
    reasonClass: read('hookline-dlq-reason-class') ?? 'unknown',
    reason: read('hookline-dlq-reason') ?? 'no reason recorded',
    deadLetteredAt: Number.isFinite(at) ? new Date(at) : new Date(0),
  };
}
