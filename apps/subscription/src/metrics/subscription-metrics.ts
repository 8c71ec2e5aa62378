import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';
import { OutboxRelayService } from '@hookline/outbox';
import { EndpointCountsRepository } from './endpoint-counts.repository';

/**
 * The service's own Prometheus series on the default registry (served at /metrics): outbox backlog and
 * endpoints by state are read from Postgres at scrape time; health decisions and rejected records are counted.
 */
@Injectable()
export class SubscriptionMetrics implements OnModuleDestroy {
  readonly healthDecisions: Counter<'decision' | 'result'>;
  private readonly names: string[] = [];

  constructor(@Inject(OutboxRelayService) relay: OutboxRelayService, counts: EndpointCountsRepository) {
    this.track(
      'hookline_subscription_outbox_backlog',
      (name) =>
        new Gauge({
          name,
          help: 'Outbox rows (state records and events) committed but not yet published to Kafka',
          async collect() {
            this.set(await relay.relay.backlog());
          },
        }),
    );
    this.track(
      'hookline_subscription_endpoints',
      (name) =>
        new Gauge({
          name,
          help: 'Endpoints by state',
          labelNames: ['state'],
          async collect() {
            const byState = await counts.countByState();
            this.set({ state: 'enabled' }, byState.enabled);
            this.set({ state: 'disabled' }, byState.disabled);
          },
        }),
    );
    this.healthDecisions = this.track(
      'hookline_subscription_health_decisions_total',
      (name) =>
        new Counter({
          name,
          help: 'Health decisions consumed, by decision and what became of them (rejected: invalid record)',
          labelNames: ['decision', 'result'],
        }),
    );
  }

  onModuleDestroy(): void {
    for (const name of this.names) register.removeSingleMetric(name);
  }

  /** One series per name per process: a second app instance in the same process (tests) takes over the name. */
  private track<T>(name: string, create: (name: string) => T): T {
    register.removeSingleMetric(name);
    this.names.push(name);
    return create(name);
  }
}
