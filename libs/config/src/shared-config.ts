import type { CommonEnv } from './common-env';

export interface KafkaConnectionConfig {
  brokers: string[];
  clientId: string;
  namespace: string;
  ssl: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

export interface DatabaseConnectionConfig {
  url: string;
  ssl: boolean;
  poolSize: number;
  /** Longest wait for a connection (new, or from a full pool). */
  connectTimeoutMs?: number;
  /** Longest a statement may run; 0 or absent for no limit. */
  statementTimeoutMs?: number;
}

export function kafkaConnectionConfig(env: CommonEnv, clientId: string): KafkaConnectionConfig {
  const sasl =
    env.KAFKA_SASL_MECHANISM !== undefined
      ? {
          mechanism: env.KAFKA_SASL_MECHANISM,
          username: env.KAFKA_SASL_USERNAME ?? '',
          password: env.KAFKA_SASL_PASSWORD ?? '',
        }
      : undefined;
  return {
    brokers: env.KAFKA_BROKERS.split(','),
    clientId,
    namespace: env.KAFKA_TOPIC_NAMESPACE,
    ssl: env.KAFKA_SSL,
    sasl,
  };
}

export function databaseConnectionConfig(env: CommonEnv): DatabaseConnectionConfig {
  return {
    url: env.DATABASE_URL,
    ssl: env.DATABASE_SSL,
    poolSize: env.DATABASE_POOL_SIZE,
    connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
  };
}
