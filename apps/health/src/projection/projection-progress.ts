import { Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { SubscriptionReplica } from '@hookline/subscription-state';
import { HEALTH_CONFIG, type HealthConfig } from '../config/health.config';
import { HealthStore } from '../database/health-store';

/**
 * Whether the projection is current enough to judge endpoints by the clock. After a rebuild the registry
 * knows every endpoint long before the outcomes that show they are alive are applied; judging then would
 * retire live endpoints. The check: the subscription replica loaded, and every outcome that was on the topic
 * at the previous check applied. (Endpoint rows still being written are harmless: a row not yet written, or
 * still disabled, is no candidate; waiting for the writer to be idle could starve the sweep under churn.)
 */
@Injectable()
export class ProjectionProgress {
  private previousHighWatermarks?: Map<number, bigint>;

  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    private readonly store: HealthStore,
    @Inject(SubscriptionReplica) private readonly replica: SubscriptionReplica,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
  ) {}

  async caughtUp(): Promise<boolean> {
    const topic = this.config.topics.deliveryOutcomes;
    const highs = await this.highWatermarks(topic);
    const previous = this.previousHighWatermarks;
    this.previousHighWatermarks = highs;
    if (previous === undefined || !this.replica.isCaughtUp) return false;
    const positions = new Map(
      (await this.store.read.positions.all())
        .filter((position) => position.topic === topic)
        .map((position) => [position.partition, position.nextOffset]),
    );
    return [...previous].every(([partition, high]) => (positions.get(partition) ?? 0n) >= high);
  }

  private async highWatermarks(topic: string): Promise<Map<number, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      // An empty partition (high = low) has nothing to apply, whatever its stored position.
      return new Map(
        offsets
          .filter((partition) => BigInt(partition.high) > BigInt(partition.low))
          .map((partition) => [partition.partition, BigInt(partition.high)]),
      );
    } finally {
      await admin.disconnect();
    }
  }
}
