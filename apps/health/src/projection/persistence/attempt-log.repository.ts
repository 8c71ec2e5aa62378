import type { EntityManager } from 'typeorm';
import type { DeliveryOutcome } from '@hookline/contracts';
import type { LoggedAttempt } from '../domain/logged-attempt';

const CHUNK = 2_000;
const RESPONSE_BODY_LIMIT = 1_024;

interface AttemptRow {
  endpoint_id: string;
  webhook_id: string;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  result: 'succeeded' | 'failed';
  status_code: number | null;
  error_class: string | null;
  error_message: string | null;
  response_body: string | null;
  next_attempt_at: Date | null;
  exhausted: boolean;
  trigger: LoggedAttempt['trigger'];
}

/** Every attempt's outcome by (tenant, event): what an event trace lists. */
export class AttemptLogRepository {
  constructor(private readonly manager: EntityManager) {}

  async append(outcomes: readonly DeliveryOutcome[]): Promise<void> {
    for (let i = 0; i < outcomes.length; i += CHUNK) {
      const chunk = outcomes.slice(i, i + CHUNK).map((o) => ({
        ...o,
        durationMs: Math.round(o.durationMs),
        responseBody: o.responseBody === null ? null : o.responseBody.slice(0, RESPONSE_BODY_LIMIT),
        trigger: o.trigger ?? 'event',
      }));
      await this.manager.query(
        `INSERT INTO health.delivery_attempts
           (tenant_id, event_id, endpoint_id, attempt, started_at, event_type, webhook_id, duration_ms, result,
            status_code, error_class, error_message, response_body, next_attempt_at, exhausted, trigger)
         SELECT "tenantId", "eventId", "endpointId", attempt, "startedAt", "eventType", "webhookId", "durationMs",
                result, "statusCode", "errorClass", "errorMessage", "responseBody", "nextAttemptAt", exhausted, trigger
         FROM jsonb_to_recordset($1::jsonb) AS a(
           "tenantId" text, "eventId" text, "endpointId" text, attempt int, "startedAt" timestamptz,
           "eventType" text, "webhookId" text, "durationMs" int, result text, "statusCode" int,
           "errorClass" text, "errorMessage" text, "responseBody" text, "nextAttemptAt" timestamptz,
           exhausted boolean, trigger text)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(chunk)],
      );
    }
  }

  async forEvent(tenantId: string, eventId: string): Promise<LoggedAttempt[]> {
    const rows: AttemptRow[] = await this.manager.query(
      `SELECT endpoint_id, webhook_id, attempt, started_at, duration_ms, result, status_code, error_class,
              error_message, response_body, next_attempt_at, exhausted, trigger
       FROM health.delivery_attempts WHERE tenant_id = $1 AND event_id = $2
       ORDER BY endpoint_id, started_at, attempt`,
      [tenantId, eventId],
    );
    return rows.map((row) => ({
      endpointId: row.endpoint_id,
      webhookId: row.webhook_id,
      attempt: row.attempt,
      startedAt: row.started_at,
      durationMs: row.duration_ms,
      result: row.result,
      statusCode: row.status_code,
      errorClass: row.error_class,
      errorMessage: row.error_message,
      responseBody: row.response_body,
      nextAttemptAt: row.next_attempt_at,
      exhausted: row.exhausted,
      trigger: row.trigger,
    }));
  }

  async pruneBefore(startedAt: Date): Promise<number> {
    const result: [unknown, number] = await this.manager.query(
      'DELETE FROM health.delivery_attempts WHERE started_at < $1',
      [startedAt],
    );
    return result[1];
  }
}
