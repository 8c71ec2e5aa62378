import { topicNames, type TopicNames } from '@hookline/contracts';
import type { CommonEnv } from './common-env';
import {
  databaseConnectionConfig,
  kafkaConnectionConfig,
  type DatabaseConnectionConfig,
  type KafkaConnectionConfig,
} from './shared-config';

/** The part of every service's typed configuration that comes from `CommonEnv`. */
export interface ServiceBaseConfig {
  serviceName: string;
  logLevel: string;
  http: { host: string; port: number; maxInflateRatio: number };
  kafka: KafkaConnectionConfig;
  topics: TopicNames;
  topicProvisioning: {
    enabled: boolean;
    partitions: number;
    replicationFactor: number;
    /** `max.message.bytes` set on every topic Hookline creates, and the limit its publishers check. */
    maxMessageBytes: number;
  };
  /** Prefix for consumer group ids, shared with the topic namespace. */
  groupPrefix: string;
  database: DatabaseConnectionConfig & { migrateOnStart: boolean };
  /** Every consumer's failure policy (the shape of `ConsumerFailurePolicy` in libs/kafka). */
  consumerFailurePolicy: { maxHandlerAttempts: number; backoffInitialMs: number; backoffMaxMs: number };
}

export function serviceBaseConfig(env: CommonEnv, serviceName: string): ServiceBaseConfig {
  return {
    serviceName,
    logLevel: env.LOG_LEVEL,
    http: { host: env.HOST, port: env.PORT, maxInflateRatio: env.HTTP_MAX_INFLATE_RATIO },
    kafka: kafkaConnectionConfig(env, `hookline-${serviceName}`),
    topics: topicNames(env.KAFKA_TOPIC_NAMESPACE),
    topicProvisioning: {
      enabled: env.KAFKA_CREATE_TOPICS,
      partitions: env.KAFKA_PARTITIONS,
      replicationFactor: env.KAFKA_REPLICATION_FACTOR,
      maxMessageBytes: env.KAFKA_MAX_MESSAGE_BYTES,
    },
    groupPrefix: `${env.KAFKA_TOPIC_NAMESPACE}hookline.${serviceName}`,
    database: { ...databaseConnectionConfig(env), migrateOnStart: env.DATABASE_MIGRATE_ON_START },
    consumerFailurePolicy: {
      maxHandlerAttempts: env.CONSUMER_MAX_HANDLER_ATTEMPTS,
      backoffInitialMs: env.CONSUMER_RETRY_BACKOFF_MS,
      backoffMaxMs: Math.max(env.CONSUMER_RETRY_BACKOFF_MS, env.CONSUMER_RETRY_BACKOFF_MAX_MS),
    },
  };
}
