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
 * the same webhook-ids) rather than loses.
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
    let afterId: string | undefined;
    for (;;) {
      const chunk = await this.deadLetters.pending(tenantId, endpointId, { since, afterId, limit: CHUNK });
      if (chunk.length === 0) break;
      const now = new Date();
      await this.lane.enqueue(chunk.map((deadLetter) => recoveredTask(deadLetter.task, now)));
      await this.deadLetters.markRecovered(
        tenantId,
        chunk.map((deadLetter) => deadLetter.id),
        now,
      );
      recovered += chunk.length;
      afterId = chunk[chunk.length - 1].id;
    }
    this.logger.info({ tenantId, endpointId, recovered }, 'dead-lettered deliveries recovered');
    return { endpointId, recovered };
  }
}
