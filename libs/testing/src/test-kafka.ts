import { randomBytes } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import pino, { type Logger } from 'pino';
import { topicNames, type TopicNames } from '@hookline/contracts';
import { createKafkaClient, ensureTopics, hooklineTopicSpecs } from '@hookline/kafka';
import { testKafkaBrokers } from './test-database';
import { waitFor } from './wait-for';

export interface TestKafka {
  kafka: Kafka;
  namespace: string;
  topics: TopicNames;
  logger: Logger;
  /** Reads a topic from the beginning until `count` records arrived (or fails after the timeout). */
  readTopic(topic: string, count: number, timeoutMs?: number): Promise<KafkaMessage[]>;
  /**
   * Reads a topic from the beginning until `done` holds for what arrived so far. Partitions are read in
   * parallel, so "N records arrived" says nothing about which ones: wait for the ones you need.
   */
  readTopicUntil(
    topic: string,
    done: (messages: KafkaMessage[]) => boolean,
    timeoutMs?: number,
  ): Promise<KafkaMessage[]>;
}

/** A kafkajs client on the test broker with a fresh namespace whose core topics already exist. */
export async function createTestKafka(partitions = 3): Promise<TestKafka> {
  const namespace = `it${randomBytes(4).toString('hex')}.`;
  const logger = pino({ level: 'silent' });
  const kafka = createKafkaClient(
    { brokers: testKafkaBrokers().split(','), clientId: 'test', namespace, ssl: false },
    logger,
  );
  const topics = topicNames(namespace);
  await ensureTopics(kafka, hooklineTopicSpecs(topics, { partitions, replicationFactor: 1 }), logger);
  return {
    kafka,
    namespace,
    topics,
    logger,
    readTopic: (topic, count, timeoutMs) =>
      readTopicUntil(kafka, topic, (messages) => messages.length >= count, timeoutMs, `${count} records`),
    readTopicUntil: (topic, done, timeoutMs) => readTopicUntil(kafka, topic, done, timeoutMs),
  };
}

async function readTopicUntil(
  kafka: Kafka,
  topic: string,
  done: (messages: KafkaMessage[]) => boolean,
  timeoutMs = 30_000,
  what = 'the wanted records',
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({
    groupId: `reader-${randomBytes(6).toString('hex')}`,
    maxWaitTimeInMs: 100,
  });
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
    await waitFor(() => done(messages), { timeoutMs, what: `${what} on ${topic}` });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
