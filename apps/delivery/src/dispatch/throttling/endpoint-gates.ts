import { Inject, Injectable } from '@nestjs/common';
import type { EndpointRecord } from '@hookline/contracts';
import { SubscriptionReplica, type EndpointChange } from '@hookline/subscription-state';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../../config/delivery.config';
import { EndpointGate } from './endpoint-gate';

/**
 * One gate per endpoint, shared by the event and retry-tier consumers of this process. A new version of an
 * endpoint (re-enabled, a new URL, new settings) gets a fresh gate: its circuit closes at once, so the
 * receiver the tenant just fixed is tried now rather than after the old circuit's open period.
 */
@Injectable()
export class EndpointGates {
  private readonly gates = new Map<string, EndpointGate>();

  constructor(
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(SubscriptionReplica) replica: SubscriptionReplica,
  ) {
    replica.onEndpointChange((change) => {
      if (gateOutdated(change)) this.gates.delete(change.endpointId);
    });
  }

  gateFor(endpoint: EndpointRecord): EndpointGate {
    let gate = this.gates.get(endpoint.id);
    if (gate === undefined) {
      const limits = { ...this.config.endpointLimits, attemptTimeoutMs: this.config.egress.timeoutMs };
      gate = new EndpointGate(limits, this.config.circuit);
      this.gates.set(endpoint.id, gate);
    }
    gate.setRateLimit(endpoint.rateLimitPerSecond);
    return gate;
  }
}

/**
 * Deleted, or changed by a newer version. A republished record (same version) is no change and keeps the
 * gate. Attempts in flight on a dropped gate finish there; only new work goes through the fresh one.
 */
function gateOutdated({ before, after }: EndpointChange): boolean {
  return after === undefined || before === undefined || after.version > before.version;
}
