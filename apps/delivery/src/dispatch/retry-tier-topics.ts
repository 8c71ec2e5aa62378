import { Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { TOPIC_BASE_NAMES } from '@hookline/contracts';
import type { TopicSpec } from '@hookline/kafka';
import type { DeliveryConfig } from '../config/delivery.config';
import { DELIVERY_CONFIG } from '../config/delivery.config';
import { retryTierTopicSpecsOf } from '../config/retry-tier-topic-names';
import { tierName } from './domain/retry-schedule';

/** The retry tiers of the configured schedule, as topics to provision at start. */
export function retryTierTopicSpecs(config: DeliveryConfig): TopicSpec[] {
  return retryTierTopicSpecsOf(config.retryTiers, config.kafka.namespace, config.topicProvisioning);
}

@Injectable()
export class RetryTierTopics {
  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
  ) {}

  /** The configured tiers plus any retry tier an earlier schedule left on the cluster. */
  async consumedTopics(): Promise<string[]> {
    const configured = this.config.retryTiers.map((tier) => this.config.topics.retry(tierName(tier)));
    const prefix = `${this.config.kafka.namespace}${TOPIC_BASE_NAMES.retryPrefix}`;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
      return [...new Set([...configured, ...existing])].sort();
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Tier topics whose partition count differs from the `0s` tier's. An endpoint has one owner across tiers
   * only when every tier has the same count (the same key lands on the same partition number everywhere).
   */
  async unevenTiers(topics: string[]): Promise<{ topic: string; partitions: number }[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const counts = metadata.map(({ name, partitions }) => ({ topic: name, partitions: partitions.length }));
      const lane = this.config.topics.retry(tierName(0));
      const expected = counts.find(({ topic }) => topic === lane)?.partitions;
      return counts.filter(({ partitions }) => expected !== undefined && partitions !== expected);
    } finally {
      await admin.disconnect();
    }
  }

  /** Tier name (e.g. `5m`) of each topic, for metrics. */
  tierOf(topic: string): string {
    const prefix = `${this.config.kafka.namespace}${TOPIC_BASE_NAMES.retryPrefix}`;
    return topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
  }
}
