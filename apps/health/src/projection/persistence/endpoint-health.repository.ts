import type { EntityManager } from 'typeorm';
import type { EndpointHealth, EndpointState } from '../domain/endpoint-health-state';
import { EndpointHealthEntity } from './endpoint-health.entity';

export interface EndpointListQuery {
  state?: EndpointState;
  order: 'asc' | 'desc';
  /** Keyset position: the last item of the previous page. */
  after?: { lastSuccessAt: Date | null; endpointId: string };
  limit: number;
}

const SAVE_CHUNK = 1_000;

/** Endpoint health rows. Writers lock rows in endpoint-id order, so concurrent batches never deadlock. */
export class EndpointHealthRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Locks the rows of these endpoints, creating missing ones first (a concurrent creator is waited for, not
   * overwritten). Returns every row, keyed by endpoint id.
   */
  async lockOrCreate(seeds: ReadonlyArray<{ endpointId: string; tenantId: string }>) {
    const unique = new Map(seeds.map((seed) => [seed.endpointId, seed.tenantId]));
    const ids = [...unique.keys()].sort();
    if (ids.length === 0) return new Map<string, EndpointHealth>();
    await this.manager.query(
      `INSERT INTO health.endpoint_health (endpoint_id, tenant_id, state)
       SELECT id, tenant, 'healthy' FROM unnest($1::text[], $2::text[]) AS s(id, tenant)
       ON CONFLICT (endpoint_id) DO NOTHING`,
      [ids, ids.map((id) => unique.get(id))],
    );
    return this.lockExisting(ids);
  }

  async lockExisting(endpointIds: readonly string[]): Promise<Map<string, EndpointHealth>> {
    const rows = await this.manager
      .createQueryBuilder(EndpointHealthEntity, 'h')
      .where('h.endpoint_id = ANY(:ids)', { ids: [...endpointIds].sort() })
      .orderBy('h.endpoint_id')
      .setLock('pessimistic_write')
      .getMany();
    return new Map(rows.map((row) => [row.endpointId, row]));
  }

  /** Writes back rows this transaction locked (every caller locks first, so they exist). */
  async save(healths: readonly EndpointHealth[]): Promise<void> {
    const sorted = [...healths].sort((a, b) => (a.endpointId < b.endpointId ? -1 : 1));
    for (let i = 0; i < sorted.length; i += SAVE_CHUNK) {
      // One statement per chunk, the rows as one JSON parameter: far cheaper than an ORM upsert per column.
      await this.manager.query(
        `UPDATE health.endpoint_health h SET
           tenant_id = x.tenant_id, state = x.state, last_success_at = x.last_success_at,
           last_failure_at = x.last_failure_at, last_attempt_at = x.last_attempt_at, last_status = x.last_status,
           last_error = x.last_error, last_error_class = x.last_error_class,
           consecutive_failures = x.consecutive_failures, failure_streak_started_at = x.failure_streak_started_at,
           attempts_total = x.attempts_total, successes_total = x.successes_total, enabled = x.enabled,
           deleted = x.deleted, disabled_reason = x.disabled_reason, endpoint_created_at = x.endpoint_created_at,
           failures_reset_at = x.failures_reset_at, retired_at = x.retired_at, retired_reason = x.retired_reason
         FROM jsonb_to_recordset($1::jsonb) AS x(
           endpoint_id text, tenant_id text, state text, last_success_at timestamptz,
           last_failure_at timestamptz, last_attempt_at timestamptz, last_status int, last_error text,
           last_error_class text, consecutive_failures int, failure_streak_started_at timestamptz,
           attempts_total bigint, successes_total bigint, enabled boolean, deleted boolean,
           disabled_reason text, endpoint_created_at timestamptz, failures_reset_at timestamptz,
           retired_at timestamptz, retired_reason text)
         WHERE h.endpoint_id = x.endpoint_id`,
        [JSON.stringify(sorted.slice(i, i + SAVE_CHUNK).map(toRow))],
      );
    }
  }

  findForTenant(tenantId: string, endpointId: string): Promise<EndpointHealth | null> {
    return this.manager.findOneBy(EndpointHealthEntity, { tenantId, endpointId, deleted: false });
  }

  async findManyForTenant(tenantId: string, endpointIds: readonly string[]): Promise<EndpointHealth[]> {
    if (endpointIds.length === 0) return [];
    return this.manager
      .createQueryBuilder(EndpointHealthEntity, 'h')
      .where('h.tenant_id = :tenantId AND h.endpoint_id = ANY(:ids)', { tenantId, ids: [...endpointIds] })
      .getMany();
  }

  /** A tenant's endpoints by `lastSuccessAt` (never-succeeded first when ascending), then endpoint id. */
  listForTenant(tenantId: string, query: EndpointListQuery): Promise<EndpointHealth[]> {
    const asc = query.order === 'asc';
    const builder = this.manager
      .createQueryBuilder(EndpointHealthEntity, 'h')
      .where('h.tenant_id = :tenantId AND NOT h.deleted', { tenantId })
      .orderBy('h.last_success_at', asc ? 'ASC' : 'DESC', asc ? 'NULLS FIRST' : 'NULLS LAST')
      .addOrderBy('h.endpoint_id', asc ? 'ASC' : 'DESC')
      .limit(query.limit);
    if (query.state !== undefined) builder.andWhere('h.state = :state', { state: query.state });
    if (query.after !== undefined) {
      const { clause, params } = keysetAfter(query.after, asc);
      builder.andWhere(clause, params);
    }
    return builder.getMany();
  }

  async countByState(): Promise<Array<{ state: EndpointState; count: number }>> {
    const rows: Array<{ state: EndpointState; count: string }> = await this.manager.query(
      `SELECT state, count(*)::text AS count FROM health.endpoint_health WHERE NOT deleted GROUP BY state`,
    );
    return rows.map((row) => ({ state: row.state, count: Number(row.count) }));
  }

  /**
   * Enabled endpoints the retirement policy may have caught up with: failing since before `failingBefore`,
   * or without a sign of life since before `silentBefore`. Rows another sweeper holds are skipped.
   */
  lockSweepCandidates(failingBefore: Date, silentBefore: Date, limit: number): Promise<EndpointHealth[]> {
    return this.manager
      .createQueryBuilder(EndpointHealthEntity, 'h')
      .where('h.enabled AND NOT h.deleted AND h.retired_at IS NULL')
      .andWhere(
        `((h.state = 'failing' AND h.failure_streak_started_at <= :failingBefore)
          OR GREATEST(h.last_success_at, h.failures_reset_at, h.endpoint_created_at) <= :silentBefore)`,
        { failingBefore, silentBefore },
      )
      .orderBy('h.endpoint_id')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }
}

function keysetAfter(after: { lastSuccessAt: Date | null; endpointId: string }, asc: boolean) {
  const params = { cursorAt: after.lastSuccessAt, cursorId: after.endpointId };
  if (asc) {
    // NULLS FIRST: after a null come the other nulls with a greater id, then every non-null.
    return after.lastSuccessAt === null
      ? {
          clause:
            '((h.last_success_at IS NULL AND h.endpoint_id > :cursorId) OR h.last_success_at IS NOT NULL)',
          params,
        }
      : {
          clause:
            '(h.last_success_at > :cursorAt OR (h.last_success_at = :cursorAt AND h.endpoint_id > :cursorId))',
          params,
        };
  }
  // DESC NULLS LAST: after a non-null come smaller values, then every null; after a null, smaller-id nulls.
  return after.lastSuccessAt === null
    ? { clause: '(h.last_success_at IS NULL AND h.endpoint_id < :cursorId)', params }
    : {
        clause:
          '(h.last_success_at < :cursorAt OR (h.last_success_at = :cursorAt AND h.endpoint_id < :cursorId) OR h.last_success_at IS NULL)',
        params,
      };
}

function toRow(health: EndpointHealth) {
  return {
    endpoint_id: health.endpointId,
    tenant_id: health.tenantId,
    state: health.state,
    last_success_at: health.lastSuccessAt,
    last_failure_at: health.lastFailureAt,
    last_attempt_at: health.lastAttemptAt,
    last_status: health.lastStatus,
    last_error: health.lastError,
    last_error_class: health.lastErrorClass,
    consecutive_failures: health.consecutiveFailures,
    failure_streak_started_at: health.failureStreakStartedAt,
    attempts_total: health.attemptsTotal,
    successes_total: health.successesTotal,
    enabled: health.enabled,
    deleted: health.deleted,
    disabled_reason: health.disabledReason,
    endpoint_created_at: health.endpointCreatedAt,
    failures_reset_at: health.failuresResetAt,
    retired_at: health.retiredAt,
    retired_reason: health.retiredReason,
  };
}
