import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { collectDefaultMetrics } from 'prom-client';
import { httpRequestMetrics } from './http-request-metrics';
import { MetricsController } from './metrics.controller';

let defaultMetricsStarted = false;

/**
 * Prometheus `/metrics` from prom-client's default registry (process, heap, event-loop lag), and HTTP
 * request metrics (rate, errors, duration by route template) for every route of the service.
 */
@Module({ controllers: [MetricsController] })
export class MetricsModule implements NestModule {
  constructor() {
    if (!defaultMetricsStarted) {
      collectDefaultMetrics();
      defaultMetricsStarted = true;
    }
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpRequestMetrics()).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
