import { Injectable } from '@nestjs/common';
import { Counter, Gauge, register, type Metric } from 'prom-client';
import { OutboxRelayService } from '@hookline/outbox';
import { HealthStore } from '../database/health-store';
import { ENDPOINT_STATES } from '../projection/domain/endpoint-health-state';

/** One registration per process, even when several application instances share it (tests). */
function registered<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** The health service's own Prometheus metrics (the consumer-lag gauge comes from @hookline/kafka). */
@Injectable()
export class HealthMetrics {
  readonly projectionLag = registered(
    'hookline_health_projection_lag_seconds',
    () =>
      new Gauge({
        name: 'hookline_health_projection_lag_seconds',
        help: 'Time from a record being appended to Kafka to the health projection committing it (last batch)',
        labelNames: ['topic', 'partition'],
      }),
  );

  readonly recordsApplied = registered(
    'hookline_health_records_applied_total',
    () =>
      new Counter({
        name: 'hookline_health_records_applied_total',
        help: 'Outcome and routing records applied to the health projection',
        labelNames: ['topic'],
      }),
  );

  readonly outcomesApplied = registered(
    'hookline_health_outcomes_total',
    () =>
      new Counter({
        name: 'hookline_health_outcomes_total',
        help: 'Delivery outcomes projected, by result',
        labelNames: ['result'],
      }),
  );

  readonly deadLettered = registered(
    'hookline_health_dead_lettered_total',
    () =>
      new Counter({
        name: 'hookline_health_dead_lettered_total',
        help: 'Invalid records sent to the health dead-letter topic',
        labelNames: ['topic'],
      }),
  );

  readonly decisions = registered(
    'hookline_health_decisions_total',
    () =>
      new Counter({
        name: 'hookline_health_decisions_total',
        help: 'Endpoint health decisions published (disable, failing, recovered)',
        labelNames: ['decision'],
      }),
  );

  constructor(store: HealthStore, relay: OutboxRelayService) {
    // Both are read on scrape; re-registered per application so they read this instance (tests run several).
    for (const name of ['hookline_health_endpoints', 'hookline_health_outbox_backlog']) {
      if (register.getSingleMetric(name) !== undefined) register.removeSingleMetric(name);
    }
    new Gauge({
      name: 'hookline_health_outbox_backlog',
      help: 'Decisions and dead letters committed but not yet published to Kafka',
      async collect() {
        this.set(await relay.relay.backlog());
      },
    });
    // Counted from the projection itself, so every replica reports the same, whole picture.
    new Gauge({
      name: 'hookline_health_endpoints',
      help: 'Endpoints by health state',
      labelNames: ['state'],
      async collect() {
        const counts = new Map(
          (await store.read.endpoints.countByState()).map((row) => [row.state, row.count]),
        );
        for (const state of ENDPOINT_STATES) this.set({ state }, counts.get(state) ?? 0);
      },
    });
  }

  observeBatch(topic: string, partition: number, applied: number, newestTimestampMs: number): void {
    this.recordsApplied.inc({ topic }, applied);
    this.projectionLag.set(
      { topic, partition: String(partition) },
      Math.max(0, (Date.now() - newestTimestampMs) / 1_000),
    );
  }
}
