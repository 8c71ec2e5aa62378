import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import {
  describeFieldErrors,
  parseJson,
  validateEndpointHealthDecision,
  type EndpointHealthDecision,
} from '@hookline/contracts';
import { ROOT_LOGGER } from '@hookline/observability';
import { HEALTH_CONFIG, type HealthConfig } from '../config/health.config';
import { HealthStore } from '../database/health-store';

const LOAD_TIMEOUT_MS = 120_000;

/**
 * Before health projects anything, it learns every decision already on `hookline.endpoint-health.v1`: a
 * schema rebuilt from scratch then re-derives those decisions with the same ids and knows not to publish
 * them again. Consumers and the sweep wait for `load()`.
 */
@Injectable()
export class DecisionLedger {
  private loading?: Promise<void>;
  private readonly logger: Logger;

  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    private readonly store: HealthStore,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'decision-ledger' });
  }

  load(): Promise<void> {
    this.loading ??= this.readPublished();
    return this.loading;
  }

  private async readPublished(): Promise<void> {
    const topic = this.config.topics.endpointHealth;
    const targets = await this.highWatermarks(topic);
    if (targets.size === 0) return;
    const consumer = this.kafka.consumer({
      groupId: `${this.config.groupPrefix}.decision-ledger.${randomUUID()}`,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    let known = 0;
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const timer = setTimeout(done, LOAD_TIMEOUT_MS);
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const decisions = batch.messages.flatMap((message) =>
            this.parse(message.value, batch.partition, message.offset),
          );
          if (decisions.length > 0) known += await this.store.read.decisions.recordKnown(decisions);
          const target = targets.get(batch.partition);
          if (target !== undefined && BigInt(batch.lastOffset()) + 1n >= target)
            targets.delete(batch.partition);
          if (targets.size === 0) done();
        },
      });
      await finished;
      if (targets.size > 0)
        this.logger.error({ topic, partitions: [...targets.keys()] }, 'decision ledger load timed out');
      this.logger.info({ topic, newlyKnown: known }, 'published decisions loaded');
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
    }
  }

  private parse(value: Buffer | null, partition: number, offset: string): EndpointHealthDecision[] {
    const json = parseJson(value);
    const decision = json.ok ? validateEndpointHealthDecision(json.value) : json;
    if (decision.ok) return [decision.value];
    this.logger.warn(
      { partition, offset, reason: describeFieldErrors(decision.errors) },
      'unreadable decision skipped',
    );
    return [];
  }

  private async highWatermarks(topic: string): Promise<Map<number, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
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
