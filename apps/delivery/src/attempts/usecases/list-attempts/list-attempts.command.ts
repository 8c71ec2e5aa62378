import type { AttemptStatus } from '../../../attempt-log/persistence/attempts.repository';

export interface ListAttemptsCommand {
  tenantId: string;
  eventId?: string;
  endpointId?: string;
  status?: AttemptStatus;
  limit: number;
  cursor?: string;
}
