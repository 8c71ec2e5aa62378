import type { IngestBatchHeader, IngestBatchSubject, IngestEvent } from '@hookline/contracts';

/** Events as submitted: one (answered with one id) or an array (answered per event). */
export interface EventsSubmission {
  kind: 'events';
  single: boolean;
  events: IngestEvent[];
}

/**
 * A batch operation, shape-validated. `subjects()` may be called more than once (validation, then
 * expansion) and yields entries one at a time, so a streamed body never holds its events at once.
 */
export interface BatchSubmission {
  kind: 'batch';
  header: IngestBatchHeader;
  batchId: string;
  batchSize: number;
  subjects: () => Iterable<IngestBatchSubject>;
}

export type Submission = EventsSubmission | BatchSubmission;

export function tenantOf(item: { tenant?: string; tenantid?: string }): string {
  return item.tenantid ?? item.tenant ?? '';
}

export function tenantsOf(submission: Submission): string[] {
  if (submission.kind === 'batch') return [tenantOf(submission.header)];
  return [...new Set(submission.events.map(tenantOf))];
}
