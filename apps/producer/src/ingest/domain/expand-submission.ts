import {
  expandBatchSubject,
  toCanonicalEvent,
  type HooklineEvent,
  type IngestEvent,
} from '@hookline/contracts';
import { tenantOf, type BatchSubmission } from './submission';

/** The canonical envelope of a submitted event; source defaults to the tenant's. */
export function canonicalEvent(event: IngestEvent, now: Date): HooklineEvent {
  return toCanonicalEvent(event, { now, defaultSource: `/hookline/tenants/${tenantOf(event)}` });
}

/**
 * Expands a batch operation into its events, `chunkSize` at a time: the caller writes one chunk before the
 * next is built, so a batch of any size holds at most one chunk of events in memory.
 */
export function* expandBatch(
  submission: BatchSubmission,
  now: Date,
  chunkSize: number,
): Generator<HooklineEvent[]> {
  const expansion = {
    header: submission.header,
    batchId: submission.batchId,
    batchSize: submission.batchSize,
    now,
  };
  let chunk: HooklineEvent[] = [];
  let index = 0;
  for (const entry of submission.subjects()) {
    chunk.push(expandBatchSubject(expansion, entry, index++));
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
