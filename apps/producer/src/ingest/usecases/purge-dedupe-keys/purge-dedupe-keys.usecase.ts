import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { AcceptedEventsRepository } from '../../persistence/accepted-events.repository';

const PER_ROUND = 10_000;
const MAX_ROUNDS = 1_000;

/**
 * Forgets dedupe keys older than the window, in bounded rounds so no single statement locks for long.
 * (Acceptance ignores expired keys by itself, so a late purge never blocks an id's reuse.)
 */
@Injectable()
export class PurgeDedupeKeysUseCase {
  constructor(
    private readonly acceptedEvents: AcceptedEventsRepository,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(): Promise<number> {
    let purged = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const deleted = await this.acceptedEvents.purgeExpired(PER_ROUND);
      purged += deleted;
      if (deleted < PER_ROUND) break;
    }
    if (purged > 0) this.logger.info({ purged }, 'expired dedupe keys purged');
    return purged;
  }
}
