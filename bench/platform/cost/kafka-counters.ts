/**
 * Kafka's side of an event's cost: how far every topic of the bench's namespace moved (end offsets: records
 * plus the transaction markers of transactional producers), and how many requests each service sent to the
 * brokers (its `hookline_kafka_requests_total` on /metrics, by API: Fetch, Produce, OffsetCommit…).
 */
import type { Kafka } from 'kafkajs';
import { request } from 'undici';

export async function endOffsets(kafka: Kafka, namespace: string): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(namespace));
    const result: Record<string, number> = {};
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      result[topic.slice(namespace.length)] = offsets.reduce((sum, entry) => sum + Number(entry.high), 0);
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}

const REQUEST_LINE = /^hookline_kafka_requests_total\{([^}]*)\} ([0-9.e+]+)$/;

/** `api` → requests, summed over client kinds, from a Prometheus text exposition. */
export function parseRequestCounts(metrics: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of metrics.split('\n')) {
    const match = REQUEST_LINE.exec(line);
    if (match === null) continue;
    const api = /api="([^"]*)"/.exec(match[1])?.[1] ?? 'unknown';
    counts[api] = (counts[api] ?? 0) + Number(match[2]);
  }
  return counts;
}

export async function requestCounts(metricsUrl: string): Promise<Record<string, number>> {
  try {
    const response = await request(metricsUrl);
    return parseRequestCounts(await response.body.text());
  } catch {
    return {}; // a service that is restarting: its counts are missing, not zero
  }
}
