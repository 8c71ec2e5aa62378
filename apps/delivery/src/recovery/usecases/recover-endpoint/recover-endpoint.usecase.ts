import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { DeadLettersRepository } from '../../../attempt-log/persistence/dead-letters.repository';
import { recoveredTask } from '../../domain/delivery-tasks';
import type { RecoverResponseDto } from '../../dto/recover.response.dto';
import { ImmediateLane } from '../../immediate-lane';
import type { RecoverEndpointCommand } from './recover-endpoint.command';

const CHUNK = 500;

/**
 * Sends every dead-lettered delivery of an endpoint again, once it is fixed: each gets a new round of the
 * retry schedule. A chunk is marked recovered only after Kafka acknowledged it, so a crash re-sends (with
 * the same webhook-ids) rather than loses; its rows stay locked meanwhile, so two recoveries running at once
 * (two replicas, two clicks) split the dead letters between them and never enqueue one twice.
 */
@Injectable()
export class RecoverEndpointUseCase {
  private readonly logger: Logger;

  constructor(
    private readonly lane: ImmediateLane,
    private readonly deadLetters: DeadLettersRepository,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'recover-endpoint' });
  }

  async execute({ tenantId, endpointId, since }: RecoverEndpointCommand): Promise<RecoverResponseDto> {
    this.lane.deliverableEndpoint(tenantId, endpointId);
    let recovered = 0;
    for (;;) {
      const now = new Date();
      const taken = await this.deadLetters.recoverChunk(
        tenantId,
        endpointId,
        { since, limit: CHUNK, at: now },
        (chunk) => this.lane.enqueue(chunk.map((deadLetter) => recoveredTask(deadLetter.task, now))),
      );
      if (taken === 0) break;
      recovered += taken;
    }
    this.logger.info({ tenantId, endpointId, recovered }, 'dead-lettered deliveries recovered');
    return { endpointId, recovered };
  }
}
