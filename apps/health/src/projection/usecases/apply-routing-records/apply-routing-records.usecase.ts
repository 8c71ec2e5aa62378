import { Inject, Injectable } from '@nestjs/common';
import type { EventRoutingRecord } from '@hookline/contracts';
import { HEALTH_CONFIG, type HealthConfig } from '../../../config/health.config';
import { HealthStore } from '../../../database/health-store';
import { applyPositioned, type PositionedBatch, type PositionedResult } from '../positioned-batch';

/** Stores one partition's batch of routing records (how delivery routed each event) in one transaction. */
@Injectable()
export class ApplyRoutingRecordsUseCase {
  constructor(
    private readonly store: HealthStore,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
  ) {}

  execute(command: PositionedBatch<EventRoutingRecord>): Promise<PositionedResult<void>> {
    return this.store.transaction((repositories) =>
      applyPositioned(repositories, command, this.config.deadLetterTopic, (records) =>
        repositories.routes.record(records),
      ),
    );
  }
}
