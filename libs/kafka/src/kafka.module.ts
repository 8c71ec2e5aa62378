import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { ServiceBaseConfig } from '@hookline/config';
import { createKafkaClient } from './create-kafka-client';
import { ensureTopics, type TopicSpec } from './ensure-topics';
import { hooklineTopicSpecs, withMaxMessageBytes } from './hookline-topic-specs';
import { KafkaPublisher } from './kafka-publisher';

const KAFKA_SETUP = Symbol('KAFKA_SETUP');

interface KafkaSetup {
  config: ServiceBaseConfig;
  logger: Logger;
  extraTopics: TopicSpec[];
}

/**
 * Provisions topics (when allowed) and connects the shared publisher before any consumer starts; disconnects
 * it last, after consumers have drained.
 */
@Injectable()
class KafkaLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(KafkaPublisher) private readonly publisher: KafkaPublisher,
    @Inject(KAFKA_SETUP) private readonly setup: KafkaSetup,
  ) {}

  async onModuleInit(): Promise<void> {
    const { config, logger, extraTopics } = this.setup;
    if (config.topicProvisioning.enabled) {
      const specs = withMaxMessageBytes(
        [...hooklineTopicSpecs(config.topics, config.topicProvisioning), ...extraTopics],
        config.topicProvisioning.maxMessageBytes,
      );
      await ensureTopics(this.kafka, specs, logger);
    }
    await this.publisher.connect();
  }

  onApplicationShutdown(): Promise<void> {
    return this.publisher.disconnect();
  }
}

/** Provides the service's kafkajs client and its one idempotent publisher. */
@Module({})
export class KafkaModule {
  static forRoot(config: ServiceBaseConfig, logger: Logger, extraTopics: TopicSpec[] = []): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: KAFKA_SETUP, useValue: { config, logger, extraTopics } satisfies KafkaSetup },
        { provide: Kafka, useFactory: () => createKafkaClient(config.kafka, logger) },
        {
          provide: KafkaPublisher,
          useFactory: (kafka: Kafka) =>
            new KafkaPublisher(kafka, logger, { maxMessageBytes: config.topicProvisioning.maxMessageBytes }),
          inject: [Kafka],
        },
        KafkaLifecycle,
      ],
      exports: [Kafka, KafkaPublisher],
    };
  }
}
