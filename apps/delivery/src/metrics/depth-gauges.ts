import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Kafka, type Admin } from 'kafkajs';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { DeadLettersRepository } from '../attempt-log/persistence/dead-letters.repository';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../config/delivery.config';
import { RetryTierTopics } from '../dispatch/retry-tier-topics';
import { DeliveryMetrics } from './delivery-metrics';

const REFRESH_MS = 10_000;

/**
 * Keeps the depth gauges current: per retry tier, the records its consumer group has not committed yet
 * (high watermark minus committed offset); dead letters, those not recovered yet.
 */
@Injectable()
export class DepthGauges implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private admin?: Admin;
  private readonly logger: Logger;

  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    private readonly metrics: DeliveryMetrics,
    private readonly tierTopics: RetryTierTopics,
    private readonly deadLetters: DeadLettersRepository,
  ) {
    this.logger = logger.child({ component: 'depth-gauges' });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
    void this.refresh();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.admin?.disconnect();
  }

  async refresh(): Promise<void> {
    try {
      this.metrics.deadLetterDepth.set(await this.deadLetters.countPendingAcrossTenants());
      if (this.admin === undefined) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      const topics = await this.tierTopics.consumedTopics();
      const committed = await this.admin.fetchOffsets({
        groupId: `${this.config.groupPrefix}.retries`,
        topics,
      });
      for (const topic of topics) {
        const high = await this.admin.fetchTopicOffsets(topic);
        const done = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
        const depth = high.reduce((sum, { partition, high: end, low }) => {
          const at = done.find((entry) => entry.partition === partition)?.offset ?? '-1';
          const from = BigInt(at) < 0n ? BigInt(low) : BigInt(at);
          return sum + Number(BigInt(end) - from);
        }, 0);
        this.metrics.retryTierDepth.set({ tier: this.tierTopics.tierOf(topic) }, depth);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not refresh depth gauges');
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
    }
  }
}
