import { Inject, Injectable } from '@nestjs/common';
import type { EndpointRecord, HooklineEvent } from '@hookline/contracts';
import { SubscriptionReplica } from '@hookline/subscription-state';
import { matchEndpoints, type RoutingDecision } from './domain/match-endpoints';

/** Routes events with the replica of the subscriptions topic: no database query per event. */
@Injectable()
export class RoutingTable {
  constructor(@Inject(SubscriptionReplica) private readonly replica: SubscriptionReplica) {}

  /** Resolves when the full routing table is loaded; events must not be consumed before. */
  load(): Promise<void> {
    return this.replica.start();
  }

  get isLoaded(): boolean {
    return this.replica.isCaughtUp;
  }

  route(
    event: Pick<HooklineEvent, 'tenantid' | 'type' | 'targetendpointid'>,
  ): RoutingDecision & { tenantKnown: boolean } {
    const decision = matchEndpoints(event, this.replica.state.endpointsOfTenant(event.tenantid));
    return { ...decision, tenantKnown: this.replica.state.tenant(event.tenantid) !== undefined };
  }

  /** The endpoint's current state, only if it belongs to `tenantId`. */
  endpointOfTenant(tenantId: string, endpointId: string): EndpointRecord | undefined {
    const endpoint = this.replica.state.endpoint(endpointId);
    return endpoint?.tenantId === tenantId ? endpoint : undefined;
  }
}
