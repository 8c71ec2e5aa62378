import type { EntityManager } from 'typeorm';
import type { MinuteBucket } from '../domain/minute-buckets';

const CHUNK = 2_000;

/** Per-minute attempt counts and latency histograms; windows are sums of these. */
export class MinuteStatsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Adds deltas to the stored buckets (element-wise for the histogram), creating missing ones. */
  async add(buckets: readonly MinuteBucket[]): Promise<void> {
    const sorted = [...buckets].sort((a, b) =>
      a.endpointId === b.endpointId
        ? a.minute.getTime() - b.minute.getTime()
        : a.endpointId < b.endpointId
          ? -1
          : 1,
    );
    for (let i = 0; i < sorted.length; i += CHUNK) {
      const chunk = sorted.slice(i, i + CHUNK);
      await this.manager.query(
        `INSERT INTO health.endpoint_minute_stats AS s (endpoint_id, minute, attempts, successes, latency_counts)
         SELECT b.endpoint_id, b.minute, b.attempts, b.successes,
                ARRAY(SELECT jsonb_array_elements_text(b.latency)::int)
         FROM jsonb_to_recordset($1::jsonb)
              AS b(endpoint_id text, minute timestamptz, attempts int, successes int, latency jsonb)
         ON CONFLICT (endpoint_id, minute) DO UPDATE SET
           attempts = s.attempts + EXCLUDED.attempts,
           successes = s.successes + EXCLUDED.successes,
           latency_counts = ARRAY(
             SELECT coalesce(a, 0) + coalesce(b, 0)
             FROM unnest(s.latency_counts, EXCLUDED.latency_counts) WITH ORDINALITY AS u(a, b, i)
             ORDER BY i)`,
        [
          JSON.stringify(
            chunk.map((bucket) => ({
              endpoint_id: bucket.endpointId,
              minute: bucket.minute.toISOString(),
              attempts: bucket.attempts,
              successes: bucket.successes,
              latency: bucket.latencyCounts,
            })),
          ),
        ],
      );
    }
  }

  /** The tenant's endpoint's buckets from `since` on (none when the endpoint is not the tenant's). */
  async forEndpoint(tenantId: string, endpointId: string, since: Date): Promise<MinuteBucket[]> {
    const rows: Array<{ minute: Date; attempts: number; successes: number; latency_counts: number[] }> =
      await this.manager.query(
        `SELECT s.minute, s.attempts, s.successes, s.latency_counts
         FROM health.endpoint_minute_stats s
         JOIN health.endpoint_health h ON h.endpoint_id = s.endpoint_id
         WHERE h.tenant_id = $1 AND s.endpoint_id = $2 AND s.minute >= $3
         ORDER BY s.minute`,
        [tenantId, endpointId, since],
      );
    return rows.map((row) => ({
      endpointId,
      minute: row.minute,
      attempts: row.attempts,
      successes: row.successes,
      latencyCounts: row.latency_counts,
    }));
  }

  async pruneBefore(minute: Date): Promise<number> {
    const result: [unknown, number] = await this.manager.query(
      'DELETE FROM health.endpoint_minute_stats WHERE minute < $1',
      [minute],
    );
    return result[1];
  }
}
