import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EndpointHealthDecision } from '@hookline/contracts';
import { ROOT_LOGGER } from '@hookline/observability';
import { HealthClock } from '../../../clock/health-clock';
import { HEALTH_CONFIG, type HealthConfig } from '../../../config/health.config';
import { HealthStore } from '../../../database/health-store';
import { HealthMetrics } from '../../../metrics/health-metrics';
import { retire } from '../../domain/health-decisions';
import { retirementDue } from '../../domain/retirement-policy';

const PAGE = 500;
const MAX_PAGES = 100;

/**
 * The scheduled sweep: retires enabled endpoints the policy has caught up with even when no attempt comes
 * to notice it (failing for too long between retries, or no success since the horizon, including endpoints
 * that never had an attempt). One sweeper at a time across replicas; each retirement is published once.
 */
@Injectable()
export class RetireZombiesUseCase {
  private readonly logger: Logger;

  constructor(
    private readonly store: HealthStore,
    private readonly clock: HealthClock,
    private readonly metrics: HealthMetrics,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'retirement-sweep' });
  }

  async execute(): Promise<EndpointHealthDecision[]> {
    const now = this.clock.now();
    const retired: EndpointHealthDecision[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const { decisions, full } = await this.sweepPage(now);
      retired.push(...decisions);
      if (!full) break;
    }
    for (const decision of retired) {
      this.metrics.decisions.inc({ decision: decision.decision });
      this.logger.warn(
        {
          endpointId: decision.endpointId,
          tenantId: decision.tenantId,
          decisionId: decision.decisionId,
          reason: decision.reason,
        },
        'endpoint retired by the sweep',
      );
    }
    return retired;
  }

  private sweepPage(now: Date): Promise<{ decisions: EndpointHealthDecision[]; full: boolean }> {
    const { policy, topics } = this.config;
    return this.store.transaction(async (repositories) => {
      if (!(await repositories.tryAdvisoryLock('health.retirement-sweep')))
        return { decisions: [], full: false };
      const candidates = await repositories.endpoints.lockSweepCandidates(
        new Date(now.getTime() - policy.disableAfterMs),
        new Date(now.getTime() - policy.sweepHorizonMs),
        PAGE,
      );
      const retirements = candidates.flatMap((health) => {
        const due = retirementDue(health, policy, now);
        return due === undefined ? [] : [retire(health, due, now)];
      });
      await repositories.endpoints.save(retirements.map((retirement) => retirement.health));
      const decisions = await repositories.decisions.recordAndPublish(
        retirements.map((retirement) => retirement.decision),
        topics.endpointHealth,
      );
      return { decisions, full: retirements.length === PAGE };
    });
  }
}
