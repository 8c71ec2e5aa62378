import type { DeliveryOutcome, EndpointHealthDecision, EventRoutingRecord } from '@hookline/contracts';
import { topicNames, type TopicNames } from '@hookline/contracts';
import { KafkaPublisher, createKafkaClient } from '@hookline/kafka';
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import pino from 'pino';
import { waitFor } from '@hookline/testing';

/**
 * What the health end-to-end tests need beyond the platform: records of the contracts health consumes,
 * published onto the platform's real topics (as delivery publishes them), and a reader for what health
 * publishes.
 */
export class HealthTopics {
  readonly topics: TopicNames;
  readonly kafka: Kafka;
  private readonly publisher: KafkaPublisher;

  constructor(brokers: string, namespace: string) {
    const logger = pino({ level: 'silent' });
    this.kafka = createKafkaClient(
      { brokers: brokers.split(','), clientId: 'e2e', namespace, ssl: false },
      logger,
    );
    this.topics = topicNames(namespace);
    this.publisher = new KafkaPublisher(this.kafka, logger);
  }

  connect(): Promise<void> {
    return this.publisher.connect();
  }

  disconnect(): Promise<void> {
    return this.publisher.disconnect();
  }

  async publishOutcomes(outcomes: DeliveryOutcome[]): Promise<void> {
    await this.publisher.publish(
      outcomes.map((o) => ({
        topic: this.topics.deliveryOutcomes,
        key: o.endpointId,
        value: JSON.stringify(o),
      })),
    );
  }

  async publishRouting(record: EventRoutingRecord): Promise<void> {
    await this.publisher.publish([
      {
        topic: this.topics.eventRouting,
        key: `${record.tenantId}:${record.eventId}`,
        value: JSON.stringify(record),
      },
    ]);
  }

  /** Every decision on the topic, after at least `atLeast` arrived and `settleMs` more passed. */
  async decisions(atLeast: number, settleMs = 2_000): Promise<EndpointHealthDecision[]> {
    const consumer = this.kafka.consumer({ groupId: `e2e-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: this.topics.endpointHealth, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          messages.push(message);
          return Promise.resolve();
        },
      });
      await waitFor(() => messages.length >= atLeast, {
        what: `${atLeast} health decisions`,
        timeoutMs: 60_000,
      });
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      return messages.map((m) => JSON.parse(m.value?.toString() ?? 'null') as EndpointHealthDecision);
    } finally {
      await consumer.disconnect();
    }
  }
}

export function outcome(
  overrides: Partial<DeliveryOutcome> & Pick<DeliveryOutcome, 'eventId' | 'endpointId' | 'tenantId'>,
): DeliveryOutcome {
  const failed = overrides.result === 'failed';
  return {
    eventType: 'customer.created',
    webhookId: `msg_${randomUUID()}`,
    attempt: 1,
    startedAt: new Date().toISOString(),
    durationMs: 25,
    result: 'succeeded',
    statusCode: failed ? 503 : 200,
    errorClass: failed ? 'http_status' : null,
    errorMessage: failed ? 'endpoint answered 503' : null,
    responseBody: null,
    nextAttemptAt: null,
    exhausted: false,
    ...overrides,
  };
}
