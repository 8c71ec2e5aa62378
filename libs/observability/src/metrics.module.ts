import { Module } from '@nestjs/common';
import { collectDefaultMetrics } from 'prom-client';
import { MetricsController } from './metrics.controller';

let defaultMetricsStarted = false;

/** Prometheus `/metrics` from prom-client's default registry (process, heap, event-loop lag). */
@Module({ controllers: [MetricsController] })
export class MetricsModule {
  constructor() {
    if (!defaultMetricsStarted) {
      collectDefaultMetrics();
      defaultMetricsStarted = true;
    }
  }
}
