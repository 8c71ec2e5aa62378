import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import type { Logger } from 'pino';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  /** Kafka topic configs, e.g. `{ 'cleanup.policy': 'compact' }`. */
  configs?: Record<string, string>;
}

/** Creates whichever of the topics do not exist yet; existing topics are left as they are. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], logger: Logger): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const allTopics = specs.map((spec) => spec.topic);
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) {
      // Another starter may have created them a moment ago: make sure they serve before we use them.
      await waitUntilServing(admin, allTopics);
      return [];
    }
    const topics = missing.map((spec) => spec.topic);
    try {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map(toTopicConfig) });
    } catch (error) {
      // A busy broker can answer the leader check before the new topic's metadata has propagated (or a
      // concurrent starter created it first): wait for the leaders ourselves instead of failing the start.
      const type = (error as { type?: string }).type;
      if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'TOPIC_ALREADY_EXISTS') throw error;
      await waitForLeaders(admin, topics);
    }
    await waitUntilServing(admin, allTopics);
    logger.info({ topics }, 'created kafka topics');
    return topics;
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (metadata.every((topic) => topic.partitions.every((partition) => partition.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`topics ${topics.join(', ')} have no leaders after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * In KRaft mode the controller can report a partition's leader before that broker has applied the change:
 * for a moment after creation, ListOffsets and produce requests answer NOT_LEADER_FOR_PARTITION. Reading
 * every new topic's offsets (a request served by each partition leader) proves the topics are usable, so a
 * caller's first request cannot hit that window.
 */
async function waitUntilServing(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const topic of topics) {
    for (;;) {
      try {
        await admin.fetchTopicOffsets(topic);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
}

function toTopicConfig(spec: TopicSpec): ITopicConfig {
  return {
    topic: spec.topic,
    numPartitions: spec.partitions,
    replicationFactor: spec.replicationFactor,
    configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
  };
}
