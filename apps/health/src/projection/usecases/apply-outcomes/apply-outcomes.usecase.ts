import { Inject, Injectable } from '@nestjs/common';
import type { EndpointHealthDecision } from '@hookline/contracts';
import { HealthClock } from '../../../clock/health-clock';
import { HEALTH_CONFIG, type HealthConfig } from '../../../config/health.config';
import { HealthStore } from '../../../database/health-store';
import { bucketOutcomes } from '../../domain/minute-buckets';
import { projectOutcomes } from '../../domain/project-outcomes';
import { applyPositioned, type PositionedResult } from '../positioned-batch';
import type { ApplyOutcomesCommand } from './apply-outcomes.command';

/**
 * Projects one partition's batch of delivery outcomes in one transaction: endpoint health, per-minute
 * buckets, the attempt log, the decisions the changes call for (queued for publishing), and the position.
 */
@Injectable()
export class ApplyOutcomesUseCase {
  constructor(
    private readonly store: HealthStore,
    private readonly clock: HealthClock,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
  ) {}

  execute(command: ApplyOutcomesCommand): Promise<PositionedResult<EndpointHealthDecision[]>> {
    const now = this.clock.now();
    const topic = this.config.topics.endpointHealth;
    return this.store.transaction((repositories) =>
      applyPositioned(repositories, command, this.config.deadLetterTopic, async (outcomes) => {
        const current = await repositories.endpoints.lockOrCreate(outcomes);
        const { healths, decisions } = projectOutcomes(current, outcomes, this.config.policy, now);
        await repositories.endpoints.save([...healths.values()]);
        await repositories.minuteStats.add(bucketOutcomes(outcomes));
        await repositories.attempts.append(outcomes);
        return repositories.decisions.recordAndPublish(decisions, topic);
      }),
    );
  }
}
