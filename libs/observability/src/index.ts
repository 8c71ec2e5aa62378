export { createRootLogger, REDACTED_PATHS } from './create-root-logger';
export { LoggingModule, ROOT_LOGGER } from './logging.module';
export { HealthModule } from './health.module';
export type { HealthModuleOptions } from './health.module';
export { READINESS_CHECKS, databaseReadiness, flagReadiness, kafkaReadiness } from './readiness-check';
export type { ReadinessCheck } from './readiness-check';
export { MetricsModule } from './metrics.module';
export {
  HTTP_REQUEST_METRIC,
  httpRequestMetrics,
  routeTemplate,
  UNMATCHED_ROUTE,
} from './http-request-metrics';
