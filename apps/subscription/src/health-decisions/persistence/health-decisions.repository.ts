import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EndpointHealthDecision } from '@hookline/contracts';
import type { EndpointEntity } from '../../endpoints/persistence/endpoint.entity';
import {
  EndpointsRepository,
  type EndpointModification,
} from '../../endpoints/persistence/endpoints.repository';

export type AppliedDecision = 'applied' | 'duplicate' | 'unknown-endpoint';

/**
 * Applies a health decision exactly once: its id is recorded in the transaction that changes the endpoint, so
 * a decision delivered again (consumer restart, replay) finds its id and changes nothing.
 */
@Injectable()
export class HealthDecisionsRepository {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly endpoints: EndpointsRepository,
  ) {}

  async apply(
    decision: EndpointHealthDecision,
    now: Date,
    plan: (current: EndpointEntity) => EndpointModification & { outcome: string },
  ): Promise<{ result: AppliedDecision; outcome?: string }> {
    return this.dataSource.transaction(async (manager) => {
      const fresh: unknown[] = await manager.query(
        `INSERT INTO subscription.applied_health_decisions (decision_id, endpoint_id, decision, outcome, applied_at)
         VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT (decision_id) DO NOTHING RETURNING decision_id`,
        [decision.decisionId, decision.endpointId, decision.decision, now],
      );
      if (fresh.length === 0) return { result: 'duplicate' as const };
      let outcome = 'unknown-endpoint';
      const endpoint = await this.endpoints.modifyIn(
        manager,
        decision.tenantId,
        decision.endpointId,
        now,
        (current) => {
          const planned = plan(current);
          outcome = planned.outcome;
          return planned;
        },
      );
      await manager.query(
        `UPDATE subscription.applied_health_decisions SET outcome = $2 WHERE decision_id = $1`,
        [decision.decisionId, outcome],
      );
      return endpoint === null
        ? { result: 'unknown-endpoint' as const }
        : { result: 'applied' as const, outcome };
    });
  }
}
