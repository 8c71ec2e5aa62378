import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { SubscriptionReplica } from '@hookline/subscription-state';
import { HealthClock } from '../../../clock/health-clock';
import { HEALTH_CONFIG, type HealthConfig } from '../../../config/health.config';
import { HealthStore } from '../../../database/health-store';
import type { EndpointHealth } from '../../../projection/domain/endpoint-health-state';
import { applyEndpointRecord } from '../../../projection/domain/endpoint-registry';
import { LONGEST_WINDOW_MS, summarizeWindows } from '../../../projection/domain/window-stats';
import {
  toEndpointHealthResponse,
  type EndpointHealthResponseDto,
} from '../../dto/endpoint-health.response.dto';

const RECENT_DECISIONS = 10;

/** One endpoint's health with its 1 h / 24 h / 7 d windows, computed at the health clock's now. */
@Injectable()
export class GetEndpointHealthUseCase {
  constructor(
    private readonly store: HealthStore,
    private readonly clock: HealthClock,
    @Inject(SubscriptionReplica) private readonly replica: SubscriptionReplica,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
  ) {}

  /** 404 both for unknown endpoints and for another tenant's: existence is not leaked. */
  async execute(tenantId: string, endpointId: string): Promise<EndpointHealthResponseDto> {
    const health = await this.find(tenantId, endpointId);
    if (health === undefined) {
      throw new NotFoundException(`endpoint ${endpointId} does not exist for this tenant`);
    }
    const now = this.clock.now();
    const { minuteStats, decisions } = this.store.read;
    const buckets = await minuteStats.forEndpoint(
      tenantId,
      endpointId,
      new Date(now.getTime() - LONGEST_WINDOW_MS),
    );
    return toEndpointHealthResponse(
      health,
      summarizeWindows(buckets, now),
      await decisions.forEndpoint(tenantId, endpointId, RECENT_DECISIONS),
      now,
    );
  }

  /** The stored health, or for an endpoint the replica knows but health has not written yet, an empty one. */
  private async find(tenantId: string, endpointId: string): Promise<EndpointHealth | undefined> {
    const stored = await this.store.read.endpoints.findForTenant(tenantId, endpointId);
    if (stored !== null) return stored;
    const record = this.replica.state.endpoint(endpointId);
    if (record === undefined || record.tenantId !== tenantId) return undefined;
    return applyEndpointRecord(undefined, record, this.config.policy.failingAfterFailures);
  }
}
