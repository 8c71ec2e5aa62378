import { Inject, Injectable } from '@nestjs/common';
import type { EndpointRecord } from '@hookline/contracts';
import { SubscriptionReplica } from '@hookline/subscription-state';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../../config/delivery.config';
import { EndpointGate } from './endpoint-gate';

/** One gate per endpoint, shared by the event and retry-tier consumers of this process. */
@Injectable()
export class EndpointGates {
  private readonly gates = new Map<string, EndpointGate>();

  constructor(
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(SubscriptionReplica) replica: SubscriptionReplica,
  ) {
    replica.onEndpointChange(({ endpointId, after }) => {
      if (after === undefined) this.gates.delete(endpointId);
    });
  }

  gateFor(endpoint: EndpointRecord): EndpointGate {
    let gate = this.gates.get(endpoint.id);
    if (gate === undefined) {
      gate = new EndpointGate(this.config.endpointLimits, this.config.circuit);
      this.gates.set(endpoint.id, gate);
    }
    gate.setRateLimit(endpoint.rateLimitPerSecond);
    return gate;
  }
}
