import type { Admin } from 'kafkajs';
import { readOffsetRanges } from '@hookline/kafka';
import type { ChaosKafka } from '../chaos-kafka';

/** A partition a consumer group has not committed to its end. */
export interface LaggingPartition {
  group: string;
  topic: string;
  partition: number;
  committed: number;
  end: number;
}

/**
 * Every partition that a consumer group of the namespace consumes (it committed on the topic) and that
 * still holds records past the group's committed offset. A consumer stuck on one record shows here for as
 * long as it is stuck; one that is merely behind catches up. Transactional topics end in commit markers no
 * consumer is given (so none commits past them): a committed offset short of the end counts as caught up
 * when a read_committed read of the rest finds no record.
 */
export async function laggingPartitions(kafka: ChaosKafka): Promise<LaggingPartition[]> {
  const behind = await behindEnd(kafka);
  const lagging: LaggingPartition[] = [];
  for (const topic of new Set(behind.map((lag) => lag.topic))) {
    const ofTopic = behind.filter((lag) => lag.topic === topic);
    const unread = await unreadPartitions(kafka, topic, ofTopic);
    lagging.push(...ofTopic.filter((lag) => unread.has(`${lag.partition}:${lag.committed}`)));
  }
  return lagging;
}

/** Partitions holding records in [committed, end) of some group's range (several groups may share one). */
async function unreadPartitions(
  kafka: ChaosKafka,
  topic: string,
  lags: LaggingPartition[],
): Promise<Set<string>> {
  const unread = new Set<string>();
  // One read per distinct committed offset of a partition; groups at the same offset share it.
  const ranges = new Map(lags.map((lag) => [`${lag.partition}:${lag.committed}`, lag]));
  for (const [key, lag] of ranges) {
    let records = 0;
    await readOffsetRanges({
      kafka: kafka.kafka,
      topic,
      groupPrefix: 'hookline.chaos',
      ranges: [{ partition: lag.partition, from: String(lag.committed), to: String(lag.end) }],
      timeoutMs: 15_000,
      onRecords: (_, messages) => {
        records += messages.length;
        return Promise.resolve();
      },
    }).catch(() => (records = Math.max(records, 1)));
    if (records > 0) unread.add(key);
  }
  return unread;
}

/** Every (group, partition) whose committed offset is below the partition's end, markers included. */
async function behindEnd(kafka: ChaosKafka): Promise<LaggingPartition[]> {
  const admin = kafka.kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(kafka.namespace));
    const ends = new Map<string, Map<number, number>>();
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends.set(topic, new Map(offsets.map((o) => [o.partition, Number(o.high)])));
    }
    const groups = (await admin.listGroups()).groups
      .map((group) => group.groupId)
      // Replay and resend readers (`<ns>hookline.delivery.reader.*`) read a bounded range, not the stream.
      .filter((group) => group.startsWith(kafka.namespace) && !group.includes('.reader.'));
    const lagging: LaggingPartition[] = [];
    for (const group of groups) lagging.push(...(await groupLag(admin, group, topics, ends)));
    return lagging;
  } finally {
    await admin.disconnect();
  }
}

async function groupLag(
  admin: Admin,
  group: string,
  topics: string[],
  ends: Map<string, Map<number, number>>,
): Promise<LaggingPartition[]> {
  const committed = await admin.fetchOffsets({ groupId: group, topics });
  const lagging: LaggingPartition[] = [];
  for (const { topic, partitions } of committed) {
    // A group that never committed on a topic does not consume it.
    if (!partitions.some((p) => Number(p.offset) >= 0)) continue;
    for (const { partition, offset } of partitions) {
      const end = ends.get(topic)?.get(partition) ?? 0;
      const at = Math.max(0, Number(offset));
      if (at < end) lagging.push({ group, topic, partition, committed: at, end });
    }
  }
  return lagging;
}

/** `group topic[partition] committed/end`, short: the namespace is dropped. */
export function describeLag(lag: LaggingPartition, namespace: string): string {
  return `${lag.group.slice(namespace.length)} ${lag.topic.slice(namespace.length)}[${lag.partition}] ${lag.committed}/${lag.end}`;
}
