import type { FieldError } from '@hookline/contracts';
import type { IngestPath } from '../../../metrics/producer-metrics';
import type { SubmissionOrigin } from '../../domain/event-policy';
import type { Submission } from '../../domain/submission';

export interface AcceptSubmissionCommand {
  submission: Submission;
  receivedAt: Date;
  path: IngestPath;
  /** Upstream (HTTP, the ingest topic) or Hookline's own services: only these publish reserved types. */
  origin: SubmissionOrigin;
  /** Give unknown tenants a moment to reach the replica first (the Kafka path waits once per batch). */
  waitForTenants: boolean;
}

export interface AcceptedEvent {
  id: string;
  duplicate: boolean;
}

export type AcceptSubmissionResult =
  | { outcome: 'rejected'; errors: FieldError[] }
  | { outcome: 'accepted'; kind: 'events'; single: boolean; events: AcceptedEvent[] }
  | {
      outcome: 'accepted';
      kind: 'batch';
      batchId: string;
      batchSize: number;
      accepted: number;
      duplicates: number;
    };
