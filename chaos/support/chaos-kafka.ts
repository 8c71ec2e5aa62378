import { randomBytes } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import pino from 'pino';
import { topicNames, type TopicNames } from '@hookline/contracts';
import { createKafkaClient, ensureTopics, hooklineTopicSpecs, readOffsetRanges } from '@hookline/kafka';
import { waitFor } from '@hookline/testing';

/** A kafkajs client on one broker with a fresh topic namespace, so a scenario never sees another's records. */
export interface ChaosKafka {
  kafka: Kafka;
  namespace: string;
  topics: TopicNames;
  brokers: string;
}

export async function createChaosKafka(brokers: string, label: string, partitions = 3): Promise<ChaosKafka> {
  const namespace = `chaos${label}${randomBytes(3).toString('hex')}.`;
  const logger = pino({ level: 'silent' });
  const kafka = createKafkaClient(
    { brokers: brokers.split(','), clientId: 'chaos', namespace, ssl: false },
    logger,
  );
  const topics = topicNames(namespace);
  await ensureTopics(kafka, hooklineTopicSpecs(topics, { partitions, replicationFactor: 1 }), logger);
  return { kafka, namespace, topics, brokers };
}

/** Every topic of the namespace (the services add retry tiers of their own). */
export async function namespaceTopics(chaos: ChaosKafka): Promise<string[]> {
  const admin = chaos.kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((topic) => topic.startsWith(chaos.namespace)).sort();
  } finally {
    await admin.disconnect();
  }
}

/** Deletes the namespace's topics: a chaos run leaves nothing on a (possibly shared) broker. */
export async function deleteNamespace(chaos: ChaosKafka): Promise<void> {
  const topics = await namespaceTopics(chaos);
  if (topics.length === 0) return;
  const admin = chaos.kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}

/** Every committed record a topic holds now, from its first offset to its high watermark. */
export async function readWholeTopic(
  kafka: Kafka,
  topic: string,
  timeoutMs = 60_000,
): Promise<KafkaMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  let offsets: Array<{ partition: number; low: string; high: string }>;
  try {
    offsets = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const messages: KafkaMessage[] = [];
  await readOffsetRanges({
    kafka,
    topic,
    ranges: offsets.map(({ partition, low, high }) => ({ partition, from: low, to: high })),
    groupPrefix: 'hookline.chaos',
    timeoutMs,
    onRecords: (_, records) => {
      messages.push(...records);
      return Promise.resolve();
    },
  });
  return messages;
}

/** Polls a topic's whole content until `done` holds for it (records arrive asynchronously). */
export async function readTopicUntil(
  kafka: Kafka,
  topic: string,
  done: (messages: KafkaMessage[]) => boolean,
  { timeoutMs = 60_000, what = `the wanted records on ${topic}` } = {},
): Promise<KafkaMessage[]> {
  return waitFor(
    async () => {
      const messages = await readWholeTopic(kafka, topic);
      return done(messages) ? messages : undefined;
    },
    { timeoutMs, intervalMs: 500, what },
  );
}

export function header(message: KafkaMessage, name: string): string | undefined {
  return message.headers?.[name]?.toString();
}

/** A namespace suffix that is unique per run and short enough for consumer-group names. */
export function shortId(): string {
  return randomBytes(3).toString('hex');
}
