import type { TopicNames } from '@hookline/contracts';
import type { TopicSpec } from './ensure-topics';
import { DEFAULT_MAX_MESSAGE_BYTES } from './record-size';

export interface TopicLayout {
  /** Partitions of the high-rate topics: the ceiling on delivery and health consumer replicas. */
  partitions: number;
  replicationFactor: number;
  /** `max.message.bytes` of every topic (KAFKA_MAX_MESSAGE_BYTES); 1 MiB when not given. */
  maxMessageBytes?: number;
}

const WEEK_MS = String(7 * 24 * 3_600_000);

/**
 * The core topics and why each is configured as it is. Retry-tier topics belong to the delivery service's
 * schedule and are provisioned by it.
 */
export function hooklineTopicSpecs(names: TopicNames, layout: TopicLayout): TopicSpec[] {
  const { partitions, replicationFactor } = layout;
  const durable = {
    'min.insync.replicas': String(Math.min(2, replicationFactor)),
    'max.message.bytes': String(layout.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES),
  };
  return [
    { topic: names.ingest, partitions, replicationFactor, configs: { ...durable, 'retention.ms': WEEK_MS } },
    // Written by the subscription service only; read by the producer like the ingest topic.
    {
      topic: names.operationalNotices,
      partitions,
      replicationFactor,
      configs: { ...durable, 'retention.ms': WEEK_MS },
    },
    {
      topic: names.ingestDeadLetter,
      partitions: 1,
      replicationFactor,
      configs: { ...durable, 'retention.ms': '-1' },
    },
    // Stays empty: the producer's outbox relay commits its progress as group offsets on partition 0, in the
    // same Kafka transaction as the records it publishes (exactly-once relay).
    { topic: names.outboxProgress, partitions: 1, replicationFactor, configs: durable },
    // Replay reads events by timestamp, so they are kept for 30 days by default.
    {
      topic: names.events,
      partitions,
      replicationFactor,
      configs: { ...durable, 'retention.ms': String(30 * 24 * 3_600_000) },
    },
    // The subscription service's full state: compaction keeps the latest record per endpoint / tenant.
    {
      topic: names.subscriptions,
      partitions: 1,
      replicationFactor,
      configs: { ...durable, 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' },
    },
    {
      topic: names.endpointHealth,
      partitions: 1,
      replicationFactor,
      configs: { ...durable, 'retention.ms': WEEK_MS },
    },
    {
      topic: names.endpointHealthDeadLetter,
      partitions: 1,
      replicationFactor,
      configs: { ...durable, 'retention.ms': '-1' },
    },
    {
      topic: names.deliveryOutcomes,
      partitions,
      replicationFactor,
      configs: { ...durable, 'retention.ms': WEEK_MS },
    },
    // One record per consumed event: how it was routed, for "what happened to my event?".
    {
      topic: names.eventRouting,
      partitions,
      replicationFactor,
      configs: { ...durable, 'retention.ms': WEEK_MS },
    },
    {
      topic: names.deliveriesDeadLetter,
      partitions: 1,
      replicationFactor,
      configs: { ...durable, 'retention.ms': '-1' },
    },
  ];
}

/**
 * Sets `max.message.bytes` on every spec that does not set its own, so every topic Hookline creates (core,
 * retry tiers, a service's own dead-letter topics) has the limit its publishers check records against.
 */
export function withMaxMessageBytes(specs: readonly TopicSpec[], maxMessageBytes: number): TopicSpec[] {
  return specs.map((spec) => ({
    ...spec,
    configs: { 'max.message.bytes': String(maxMessageBytes), ...spec.configs },
  }));
}
