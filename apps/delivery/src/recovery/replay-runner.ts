import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Kafka, type KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { parseJson, validateHooklineEvent } from '@hookline/contracts';
import { offsetRangesByTime, readOffsetRanges } from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../config/delivery.config';
import type { DeliveryTask } from '../dispatch/domain/delivery-task';
import { RoutingTable } from '../routing/routing-table';
import { newRoundTask } from './domain/delivery-tasks';
import { replaySelects } from './domain/replay-selection';
import { ImmediateLane } from './immediate-lane';
import type { ReplayEntity } from './persistence/replay.entity';
import { ReplaysRepository } from './persistence/replays.repository';

/**
 * Runs replays in the background: reads `hookline.events.v1` between the offsets that bracket the time
 * range, and sends each event the endpoint is subscribed to through the immediate lane. A replay a crash
 * interrupted is run again from its start at boot (receivers dedupe on the unchanged webhook-ids).
 */
@Injectable()
export class ReplayRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: Logger;
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    private readonly routing: RoutingTable,
    private readonly lane: ImmediateLane,
    private readonly replays: ReplaysRepository,
  ) {
    this.logger = logger.child({ component: 'replay-runner' });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.routing.load();
    for (const replay of await this.replays.interrupted()) this.start(replay);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  start(replay: ReplayEntity): void {
    const run = this.run(replay).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private async run(replay: ReplayEntity): Promise<void> {
    const { tenantId, id } = replay;
    const counts = { scanned: 0, enqueued: 0 };
    try {
      const topic = this.config.topics.events;
      const ranges = await offsetRangesByTime(
        this.kafka,
        topic,
        replay.since.getTime(),
        replay.until.getTime(),
      );
      await readOffsetRanges({
        kafka: this.kafka,
        topic,
        ranges,
        groupPrefix: this.config.groupPrefix,
        timeoutMs: 30 * 60_000,
        shouldContinue: () => !this.stopping,
        onRecords: async (partition, messages) => {
          const tasks = this.selectTasks(replay, partition, messages);
          counts.scanned += messages.length;
          counts.enqueued += tasks.length;
          if (tasks.length > 0) await this.lane.enqueue(tasks);
          await this.replays.progress(tenantId, id, counts.scanned, counts.enqueued);
        },
      });
      await this.replays.finish(tenantId, id, 'completed', null);
      this.logger.info(
        { tenantId, replayId: id, endpointId: replay.endpointId, ...counts },
        'replay completed',
      );
    } catch (error) {
      if (this.stopping) return; // resumed at the next boot
      this.logger.error(
        { err: error, tenantId, replayId: id, endpointId: replay.endpointId },
        'replay failed',
      );
      await this.replays.finish(tenantId, id, 'failed', (error as Error).message).catch(() => undefined);
    }
  }

  private selectTasks(replay: ReplayEntity, partition: number, messages: KafkaMessage[]): DeliveryTask[] {
    const endpoint = this.routing.endpointOfTenant(replay.tenantId, replay.endpointId);
    if (endpoint === undefined) throw new Error('the endpoint was deleted during the replay');
    const now = new Date();
    return messages.flatMap((message) => {
      const json = parseJson(message.value);
      const event = json.ok ? validateHooklineEvent(json.value) : json;
      if (!event.ok || !replaySelects(event.value, Number(message.timestamp), endpoint)) return [];
      return [newRoundTask(event.value, endpoint.id, 'replay', now, { partition, offset: message.offset })];
    });
  }
}
