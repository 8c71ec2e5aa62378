import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest, quotaRefusal, RefusalException } from '@hookline/http';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../../../config/delivery.config';
import { TenantQuotaLimits } from '../../../quotas/tenant-quota-limits';
import { toReplayResponse, type ReplayResponseDto } from '../../dto/replay.response.dto';
import { ImmediateLane } from '../../immediate-lane';
import type { ReplayEntity } from '../../persistence/replay.entity';
import { ReplaysRepository } from '../../persistence/replays.repository';
import { ReplayRunner } from '../../replay-runner';
import type { ReplayEndpointCommand } from './replay-endpoint.command';

/**
 * Starts a replay of an endpoint's events of a time range (read from Kafka by timestamp) and answers at
 * once; the replay runs in the background and its progress is readable by id.
 */
@Injectable()
export class ReplayEndpointUseCase {
  constructor(
    private readonly lane: ImmediateLane,
    private readonly replays: ReplaysRepository,
    private readonly runner: ReplayRunner,
    private readonly quotas: TenantQuotaLimits,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
  ) {}

  private get leaseMs(): number {
    return this.config.replays.leaseMs;
  }

  async execute({ tenantId, endpointId, since, until }: ReplayEndpointCommand): Promise<ReplayResponseDto> {
    if (since.getTime() >= until.getTime()) {
      throw badRequest([{ field: 'since', message: 'must be before until' }]);
    }
    this.lane.deliverableEndpoint(tenantId, endpointId);
    const now = new Date();
    const limit = this.quotas.limit(tenantId, 'concurrentReplays');
    const replay: ReplayEntity = {
      id: `rpl_${randomBytes(12).toString('base64url')}`,
      tenantId,
      endpointId,
      since,
      until,
      status: 'running',
      scanned: 0,
      enqueued: 0,
      error: null,
      createdAt: now,
      finishedAt: null,
      // This process runs it: the lease (expiry set on the database's clock) keeps other replicas off it.
      leaseOwner: this.runner.owner,
      leaseExpiresAt: null,
      checkpoint: {},
      resumes: 0,
    };
    // Each replay reads the events topic with a consumer of its own: the tenant's quota bounds how many at once.
    const { created, running } = await this.replays.createWithinLimit(replay, limit, this.leaseMs);
    if (!created) {
      throw new RefusalException(
        quotaRefusal(
          {
            name: 'concurrentReplays',
            limit,
            usage: running,
            hint: 'start it when a running replay has finished',
          },
          now,
        ),
      );
    }
    this.runner.start(replay);
    return toReplayResponse(replay);
  }
}
