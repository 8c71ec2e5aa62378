import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EndpointHealthDecision } from '@hookline/contracts';
import { ROOT_LOGGER } from '@hookline/observability';
import { planHealthDecision } from '../../domain/plan-health-decision';
import { HealthDecisionsRepository } from '../../persistence/health-decisions.repository';

export type HealthDecisionResult =
  'disabled' | 'already-disabled' | 'notice-sent' | 'duplicate' | 'unknown-endpoint';

/** Applies one validated decision from the health service (see `planHealthDecision` for what each does). */
@Injectable()
export class ApplyHealthDecisionUseCase {
  private readonly logger: Logger;

  constructor(
    private readonly decisions: HealthDecisionsRepository,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'health-decisions' });
  }

  async execute(decision: EndpointHealthDecision): Promise<HealthDecisionResult> {
    const applied = await this.decisions.apply(decision, new Date(), (current) =>
      planHealthDecision(decision, current),
    );
    const result = (applied.result === 'applied' ? applied.outcome : applied.result) as HealthDecisionResult;
    const ids = {
      decisionId: decision.decisionId,
      endpointId: decision.endpointId,
      tenantId: decision.tenantId,
      decision: decision.decision,
      result,
    };
    if (result === 'unknown-endpoint')
      this.logger.warn(ids, 'health decision names no endpoint of that tenant; ignored');
    else this.logger.info(ids, 'health decision applied');
    return result;
  }
}
