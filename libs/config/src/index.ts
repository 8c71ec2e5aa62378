export { ConfigError, loadEnv } from './load-config';
export { CommonEnv, toBoolean } from './common-env';
export { databaseConnectionConfig, kafkaConnectionConfig } from './shared-config';
export type { DatabaseConnectionConfig, KafkaConnectionConfig } from './shared-config';
export { serviceBaseConfig } from './service-base-config';
export type { ServiceBaseConfig } from './service-base-config';
export { apiKeyRateLimitConfig, TenantApiEnv } from './tenant-api-env';
export type { ApiKeyRateLimitConfig } from './tenant-api-env';
