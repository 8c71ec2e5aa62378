import type { DeliveryOutcome } from '@hookline/contracts';

/** One delivery attempt as the attempt log keeps it for event traces. */
export interface LoggedAttempt {
  /** What started this round of attempts: the event itself, or a resend, replay or recovery. */
  trigger: NonNullable<DeliveryOutcome['trigger']>;
  endpointId: string;
  webhookId: string;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  result: 'succeeded' | 'failed';
  statusCode: number | null;
  errorClass: string | null;
  errorMessage: string | null;
  responseBody: string | null;
  nextAttemptAt: Date | null;
  exhausted: boolean;
}
