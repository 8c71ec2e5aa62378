import type { KafkaMessage } from 'kafkajs';
import { waitFor, type TestKafka } from '@hookline/testing';

/** Everything on a topic right now (from the beginning up to the high watermarks). */
export async function readAll(kafka: TestKafka, topic: string): Promise<KafkaMessage[]> {
  const admin = kafka.kafka.admin();
  await admin.connect();
  let total = 0;
  try {
    for (const partition of await admin.fetchTopicOffsets(topic))
      total += Number(partition.high) - Number(partition.low);
  } finally {
    await admin.disconnect();
  }
  return total === 0 ? [] : kafka.readTopic(topic, total);
}

/** Every topic of the test's namespace. */
export async function namespaceTopics(kafka: TestKafka): Promise<string[]> {
  const admin = kafka.kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((topic) => topic.startsWith(kafka.namespace));
  } finally {
    await admin.disconnect();
  }
}

export function parsedValues<T>(messages: KafkaMessage[], key?: string): T[] {
  return messages
    .filter((message) => (key === undefined || message.key?.toString() === key) && message.value !== null)
    .map((message) => JSON.parse(message.value!.toString()) as T);
}

/** Waits until a record for `key` matching `accept` is on the topic, and returns it. */
export async function waitForRecord<T>(
  kafka: TestKafka,
  topic: string,
  key: string,
  accept: (record: T) => boolean,
  what = `a record for ${key}`,
): Promise<T> {
  return waitFor(async () => parsedValues<T>(await readAll(kafka, topic), key).find(accept), {
    what,
    timeoutMs: 20_000,
    intervalMs: 250,
  });
}
