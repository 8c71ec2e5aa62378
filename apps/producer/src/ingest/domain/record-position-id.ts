import { createHash } from 'node:crypto';

/**
 * An id derived from where an ingest record sits on its topic, for events (and batches) sent without one:
 * if the record is read again after a crash, it yields the same ids and is recognised as a duplicate.
 */
export function recordPositionId(topic: string, partition: number, offset: string, index?: number): string {
  const position = `${topic}\u0000${partition}\u0000${offset}\u0000${index ?? 'batch'}`;
  return `ing_${createHash('sha256').update(position).digest('base64url').slice(0, 32)}`;
}
