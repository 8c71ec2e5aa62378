import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, register } from 'prom-client';

export type DeliveryStatus = 'delivered' | 'retry_scheduled' | 'dead_lettered' | 'postponed';

function singleton<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** The delivery service's Prometheus metrics (default registry, served on /metrics). */
@Injectable()
export class DeliveryMetrics {
  readonly deliveries = singleton(
    'hookline_deliveries_total',
    () =>
      new Counter({
        name: 'hookline_deliveries_total',
        help: 'Delivery steps by outcome: delivered, retry_scheduled, dead_lettered, postponed (no attempt)',
        labelNames: ['outcome'] as const,
      }),
  );

  readonly attempts = singleton(
    'hookline_delivery_attempts_total',
    () =>
      new Counter({
        name: 'hookline_delivery_attempts_total',
        help: 'Attempts by result and error class',
        labelNames: ['result', 'error_class'] as const,
      }),
  );

  readonly attemptSeconds = singleton(
    'hookline_delivery_attempt_duration_seconds',
    () =>
      new Histogram({
        name: 'hookline_delivery_attempt_duration_seconds',
        help: 'Time from sending a webhook to its (capped) response, or to the failure',
        labelNames: ['result'] as const,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
      }),
  );

  readonly retryTierDepth = singleton(
    'hookline_retry_tier_depth',
    () =>
      new Gauge({
        name: 'hookline_retry_tier_depth',
        help: 'Deliveries waiting on each retry tier (records not yet committed by the tier consumer)',
        labelNames: ['tier'] as const,
      }),
  );

  readonly deadLetterDepth = singleton(
    'hookline_dead_letter_depth',
    () =>
      new Gauge({
        name: 'hookline_dead_letter_depth',
        help: 'Dead-lettered deliveries not yet recovered',
      }),
  );

  recordStep(status: DeliveryStatus): void {
    this.deliveries.inc({ outcome: status });
  }

  recordAttempt(result: 'succeeded' | 'failed', errorClass: string | null, durationMs: number): void {
    this.attempts.inc({ result, error_class: errorClass ?? 'none' });
    this.attemptSeconds.observe({ result }, durationMs / 1_000);
  }
}
