import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
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
import { advanceCheckpoint, resumeRanges } from './domain/resume-ranges';
import { ImmediateLane } from './immediate-lane';
import type { ReplayEntity } from './persistence/replay.entity';
import { ReplaysRepository } from './persistence/replays.repository';

/**
 * Bytes read per partition at once, hence the checkpoint window: at most one such batch (a few hundred
 * events) is sent again when the replay's process dies before checkpointing it.
 */
const REPLAY_BATCH_BYTES = 64 * 1024;

/** Thrown inside a run when another process took the replay over: stop without marking it failed. */
class LeaseLost extends Error {}

/**
 * Runs replays in the background: reads `hookline.events.v1` between the offsets that bracket the time
 * range, and sends each event the endpoint is subscribed to through the immediate lane.
 *
 * Several delivery replicas share the replays table, so a replay is owned through a lease: the process that
 * runs it renews the lease every third of `DELIVERY_REPLAY_LEASE_MS` and writes a checkpoint (next offset per
 * partition) after each batch Kafka acknowledged. A process resumes a `running` replay only when its lease
 * lapsed (its owner died; a graceful stop releases it at once), from that checkpoint: events of the batch in
 * flight at the crash are sent again (same webhook-ids), nothing before the checkpoint is.
 */
@Injectable()
export class ReplayRunner implements OnApplicationBootstrap, OnModuleDestroy {
  /** This process as a lease owner: unique per process, readable in the table by an operator. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly logger: Logger;
  private readonly running = new Map<string, Promise<void>>();
  private claimTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    private readonly routing: RoutingTable,
    private readonly lane: ImmediateLane,
    private readonly replays: ReplaysRepository,
  ) {
    this.logger = logger.child({ component: 'replay-runner', owner: this.owner });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.routing.load();
    await this.claimLapsed();
    // Half a lease: a lapsed replay waits at most a lease and a half before a live replica resumes it.
    this.claimTimer = setInterval(() => void this.claimLapsed(), this.config.replays.leaseMs / 2);
    this.claimTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.claimTimer);
    await Promise.allSettled([...this.running.values()]);
  }

  /** Runs a replay this process holds the lease of (just created, or claimed). */
  start(replay: ReplayEntity): void {
    if (this.running.has(replay.id)) return;
    const run = this.run(replay).finally(() => this.running.delete(replay.id));
    this.running.set(replay.id, run);
  }

  private async claimLapsed(): Promise<void> {
    if (this.stopping) return;
    try {
      const room = this.config.replays.resumeMax - this.running.size;
      const claimed = await this.replays.claimLapsed(this.owner, this.config.replays.leaseMs, room);
      for (const replay of claimed) {
        this.logger.info(
          { tenantId: replay.tenantId, replayId: replay.id, checkpoint: replay.checkpoint },
          'resuming a replay whose lease lapsed',
        );
        this.start(replay);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'claiming lapsed replays failed; trying again at the next interval');
    }
  }

  private async run(replay: ReplayEntity): Promise<void> {
    const { tenantId, id } = replay;
    const { leaseMs } = this.config.replays;
    const progress = { scanned: replay.scanned, enqueued: replay.enqueued, checkpoint: replay.checkpoint };
    let lost = false;
    const heartbeat = setInterval(() => {
      this.replays.renewLease(tenantId, id, this.owner, leaseMs).then(
        (held) => (lost ||= !held),
        (error: unknown) => this.logger.warn({ err: error, tenantId, replayId: id }, 'lease renewal failed'),
      );
    }, leaseMs / 3);
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
        ranges: resumeRanges(ranges, progress.checkpoint),
        groupPrefix: this.config.groupPrefix,
        timeoutMs: 30 * 60_000,
        maxBytesPerPartition: REPLAY_BATCH_BYTES,
        shouldContinue: () => !this.stopping && !lost,
        onRecords: async (partition, messages) => {
          const tasks = this.selectTasks(replay, partition, messages);
          if (tasks.length > 0) await this.lane.enqueue(tasks);
          progress.scanned += messages.length;
          progress.enqueued += tasks.length;
          progress.checkpoint = advanceCheckpoint(
            progress.checkpoint,
            partition,
            messages[messages.length - 1].offset,
          );
          if (!(await this.replays.progress(tenantId, id, this.owner, progress, leaseMs))) {
            throw new LeaseLost('another process owns the replay now');
          }
        },
      });
      if (!(await this.replays.finish(tenantId, id, this.owner, 'completed', null))) throw new LeaseLost();
      this.logger.info(
        { tenantId, replayId: id, endpointId: replay.endpointId, ...progress },
        'replay completed',
      );
    } catch (error) {
      if (lost || error instanceof LeaseLost) {
        this.logger.warn({ tenantId, replayId: id }, 'replay lease lost; its new owner carries on');
      } else if (this.stopping) {
        // Let the lease lapse now: a live replica resumes from the checkpoint instead of waiting it out.
        await this.replays.release(tenantId, id, this.owner).catch(() => false);
      } else {
        this.logger.error(
          { err: error, tenantId, replayId: id, endpointId: replay.endpointId },
          'replay failed',
        );
        await this.replays
          .finish(tenantId, id, this.owner, 'failed', (error as Error).message)
          .catch(() => false);
      }
    } finally {
      clearInterval(heartbeat);
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
