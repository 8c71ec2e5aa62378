import type { EntityManager } from 'typeorm';
import type { EndpointHealthDecision } from '@hookline/contracts';
import { appendToOutbox } from '@hookline/outbox';

export interface StoredDecision {
  decisionId: string;
  decision: EndpointHealthDecision['decision'];
  reason: string;
  decidedAt: Date;
}

/**
 * Decisions taken, by their deterministic id. A decision is published (through the outbox, in the caller's
 * transaction) only the first time it is recorded, so one episode never produces a second notice.
 */
export class DecisionsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Records the decisions and queues the new ones for publishing; returns those that were new. */
  async recordAndPublish(all: readonly EndpointHealthDecision[], topic: string) {
    const decisions = [...new Map(all.map((d) => [d.decisionId, d])).values()];
    if (decisions.length === 0) return [];
    const inserted: Array<{ decision_id: string }> = await this.manager.query(
      `INSERT INTO health.decisions (decision_id, endpoint_id, tenant_id, decision, reason, decided_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       ON CONFLICT (decision_id) DO NOTHING
       RETURNING decision_id`,
      this.columns(decisions),
    );
    const fresh = new Set(inserted.map((row) => row.decision_id));
    const toPublish = decisions.filter((d) => fresh.has(d.decisionId));
    await appendToOutbox(
      this.manager,
      'health',
      toPublish.map((decision) => ({ topic, key: decision.endpointId, value: JSON.stringify(decision) })),
    );
    return toPublish;
  }

  /** Records decisions already published (read back from the topic) without publishing them again. */
  async recordKnown(decisions: readonly EndpointHealthDecision[]): Promise<number> {
    const unique = [...new Map(decisions.map((d) => [d.decisionId, d])).values()];
    const inserted: unknown[] = await this.manager.query(
      `INSERT INTO health.decisions (decision_id, endpoint_id, tenant_id, decision, reason, decided_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       ON CONFLICT (decision_id) DO NOTHING
       RETURNING decision_id`,
      this.columns(unique),
    );
    return inserted.length;
  }

  async forEndpoint(tenantId: string, endpointId: string, limit: number): Promise<StoredDecision[]> {
    const rows: Array<{
      decision_id: string;
      decision: StoredDecision['decision'];
      reason: string;
      decided_at: Date;
    }> = await this.manager.query(
      `SELECT decision_id, decision, reason, decided_at FROM health.decisions
         WHERE tenant_id = $1 AND endpoint_id = $2 ORDER BY decided_at DESC, decision_id LIMIT $3`,
      [tenantId, endpointId, limit],
    );
    return rows.map((row) => ({
      decisionId: row.decision_id,
      decision: row.decision,
      reason: row.reason,
      decidedAt: row.decided_at,
    }));
  }

  private columns(decisions: readonly EndpointHealthDecision[]) {
    return [
      decisions.map((d) => d.decisionId),
      decisions.map((d) => d.endpointId),
      decisions.map((d) => d.tenantId),
      decisions.map((d) => d.decision),
      decisions.map((d) => d.reason),
      decisions.map((d) => d.decidedAt),
    ];
  }
}
