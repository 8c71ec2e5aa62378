import type {
  AcceptedEvent,
  AcceptSubmissionResult,
} from '../usecases/accept-submission/accept-submission.command';

/** One event: `{id, duplicate}` (the shape the README's walk-through shows). */
export type SingleEventResponse = AcceptedEvent;

/** An array of events: one entry per submitted event, in order, plus totals. */
export interface EventArrayResponse {
  accepted: number;
  duplicates: number;
  events: AcceptedEvent[];
}

/**
 * A batch operation: the expanded events' ids are `batchEventId(batchid, subject)`, so they are not listed
 * (a 100,000-subject batch would answer megabytes); `duplicate` is true when nothing new was accepted.
 */
export interface BatchResponse {
  batchid: string;
  batchsize: number;
  accepted: number;
  duplicates: number;
  duplicate: boolean;
}

export type IngestResponse = SingleEventResponse | EventArrayResponse | BatchResponse;

/** The body and status of an accepted submission: 202 when anything new was accepted, else 200. */
export function toIngestResponse(result: Exclude<AcceptSubmissionResult, { outcome: 'rejected' }>): {
  status: 200 | 202;
  body: IngestResponse;
} {
  if (result.kind === 'batch') {
    const duplicate = result.accepted === 0;
    return {
      status: duplicate ? 200 : 202,
      body: {
        batchid: result.batchId,
        batchsize: result.batchSize,
        accepted: result.accepted,
        duplicates: result.duplicates,
        duplicate,
      },
    };
  }
  const accepted = result.events.filter((event) => !event.duplicate).length;
  const status = accepted > 0 ? 202 : 200;
  if (result.single) return { status, body: result.events[0] };
  return {
    status,
    body: { accepted, duplicates: result.events.length - accepted, events: result.events },
  };
}
