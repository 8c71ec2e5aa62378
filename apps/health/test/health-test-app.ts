import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import type {
  DeliveryOutcome,
  EndpointHealthDecision,
  EndpointRecord,
  EventRoutingRecord,
  TenantRecord,
} from '@hookline/contracts';
import { KafkaPublisher } from '@hookline/kafka';
import { testKafkaBrokers, waitFor, type TestKafka } from '@hookline/testing';
import { loadHealthConfig, type HealthConfig } from '../src/config/health.config';
import { HealthServiceModule } from '../src/health-service.module';

/**
 * The health service's whole Nest module, in-process, on a test database and a test Kafka namespace: its
 * real consumers, outbox relay and sweep run against real Kafka and Postgres.
 */
export async function startHealthApp(
  testKafka: TestKafka,
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<{ app: INestApplicationContext; config: HealthConfig }> {
  const config = loadHealthConfig({
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_TOPIC_NAMESPACE: testKafka.namespace,
    KAFKA_PARTITIONS: '3',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    OUTBOX_POLL_INTERVAL_MS: '200',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await NestFactory.createApplicationContext(
    HealthServiceModule.forRoot(config, pino({ level: process.env.HEALTH_TEST_LOG_LEVEL ?? 'silent' })),
    { logger: false },
  );
  app.enableShutdownHooks();
  await app.init();
  return { app, config };
}

/** Publishes records of the contracts health consumes, as delivery and subscription would. */
export class ContractPublisher {
  readonly publisher: KafkaPublisher;

  constructor(private readonly testKafka: TestKafka) {
    this.publisher = new KafkaPublisher(testKafka.kafka, testKafka.logger);
  }

  connect(): Promise<void> {
    return this.publisher.connect();
  }

  disconnect(): Promise<void> {
    return this.publisher.disconnect();
  }

  async outcomes(outcomes: DeliveryOutcome[]): Promise<void> {
    await this.publisher.publish(
      outcomes.map((o) => ({
        topic: this.testKafka.topics.deliveryOutcomes,
        key: o.endpointId,
        value: JSON.stringify(o),
      })),
    );
  }

  async routing(records: EventRoutingRecord[]): Promise<void> {
    await this.publisher.publish(
      records.map((r) => ({
        topic: this.testKafka.topics.eventRouting,
        key: `${r.tenantId}:${r.eventId}`,
        value: JSON.stringify(r),
      })),
    );
  }

  async subscriptions(records: Array<EndpointRecord | TenantRecord>): Promise<void> {
    await this.publisher.publish(
      records.map((r) => ({
        topic: this.testKafka.topics.subscriptions,
        key: r.kind === 'tenant' ? `tenant:${r.id}` : r.id,
        value: JSON.stringify(r),
      })),
    );
  }

  async raw(topic: string, key: string, value: string): Promise<void> {
    await this.publisher.publish([{ topic, key, value }]);
  }
}

/**
 * Every record on a topic: reads from the beginning until at least `atLeast` arrived, then `settleMs` more,
 * so a test can say "exactly one" and not merely "at least one".
 */
export async function readAllRecords(
  testKafka: TestKafka,
  topic: string,
  {
    atLeast,
    settleMs = 1_500,
    timeoutMs = 30_000,
  }: { atLeast: number; settleMs?: number; timeoutMs?: number },
): Promise<KafkaMessage[]> {
  const consumer = testKafka.kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        messages.push(message);
        return Promise.resolve();
      },
    });
    await waitFor(() => messages.length >= atLeast, { timeoutMs, what: `${atLeast} records on ${topic}` });
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return [...messages];
  } finally {
    await consumer.disconnect();
  }
}

export function decisionsIn(messages: KafkaMessage[]): EndpointHealthDecision[] {
  return messages.map((message) => JSON.parse(message.value?.toString() ?? 'null') as EndpointHealthDecision);
}
