import type { Attributes } from '@opentelemetry/api';
import { HooklineAttributes } from '@hookline/tracing';
import { tenantsOf, type Submission } from './domain/submission';
import type { AcceptSubmissionResult } from './usecases/accept-submission/accept-submission.command';

/** What an ingest request's span says it was about: tenant(s), the event id or batch id, how many events. */
export function ingestSpanAttributes(submission: Submission, result: AcceptSubmissionResult): Attributes {
  const attributes: Attributes = { [HooklineAttributes.tenant]: tenantsOf(submission).join(',') };
  if (result.outcome === 'rejected') return attributes;
  if (result.kind === 'batch') {
    return {
      ...attributes,
      'hookline.batch_id': result.batchId,
      [HooklineAttributes.eventCount]: result.batchSize,
    };
  }
  attributes[HooklineAttributes.eventCount] = result.events.length;
  if (result.events.length === 1) attributes[HooklineAttributes.eventId] = result.events[0].id;
  return attributes;
}
