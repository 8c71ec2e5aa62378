import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import type { RepublishResponseDto } from '../../dto/admin.response.dto';
import { StateSnapshotRepository } from '../../persistence/state-snapshot.repository';

/**
 * Republishes the full state to the compacted subscriptions topic: after the topic was lost or recreated,
 * or to seed a new cluster, replicas rebuild from the topic alone.
 */
@Injectable()
export class RepublishStateUseCase {
  constructor(
    private readonly snapshot: StateSnapshotRepository,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(): Promise<RepublishResponseDto> {
    const counts = await this.snapshot.republishAll();
    this.logger.info(counts, 'full state republished to the subscriptions topic');
    return counts;
  }
}
