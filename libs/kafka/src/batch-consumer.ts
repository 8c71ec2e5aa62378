import type { Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';

export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  /** Marks a message done (work durable, retry scheduled, or dead-lettered); call in offset order. */
  markDone(offset: string): void;
  heartbeat(): Promise<void>;
  /** False once shutdown or a rebalance began: stop taking new messages and return. */
  shouldContinue(): boolean;
  pause(): () => void;
}

export interface BatchConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  logger: Logger;
  handleBatch: (batch: ConsumedBatch) => Promise<void>;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  maxBytesPerPartition?: number;
  maxWaitTimeInMs?: number;
  /** Called when kafkajs gives up on the consumer; default: exit so the supervisor restarts us. */
  onFatal?: (error: unknown) => void;
}

/**
 * Runs a kafkajs consumer with manual offset commits: an offset is committed only after the handler marked
 * it done and returned, so a crash at any point replays unfinished work instead of losing it.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;
  private running = false;
  private stopping = false;
  private readonly activeBatches = new Set<Promise<void>>();

  constructor(private readonly options: BatchConsumerOptions) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
      allowAutoTopicCreation: false,
      // Explicit: records of aborted or open Kafka transactions are never read.
      readUncommitted: false,
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      options.logger.error(
        { err: payload.error, groupId: options.groupId, restart: payload.restart },
        'consumer crashed',
      );
      if (!payload.restart) (options.onFatal ?? exitForRestart)(payload.error);
    });
  }

  get kafkaConsumer(): Consumer {
    return this.consumer;
  }

  async start(): Promise<void> {
    const { topics, fromBeginning } = this.options;
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning });
    this.running = true;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.trackBatch(this.runBatch(payload.batch, payload)),
    });
  }

  /**
   * Starts without holding up the caller (a projection need not delay a service's readiness: joining a group
   * whose crashed member has not timed out yet takes a session timeout). A start that fails for good ends
   * the process, like a crash, so the supervisor restarts it.
   */
  startInBackground(): void {
    this.start().catch((error: unknown) => {
      this.options.logger.error({ err: error, groupId: this.options.groupId }, 'consumer could not start');
      (this.options.onFatal ?? exitForRestart)(error);
    });
  }

  /**
   * Stops fetching, lets in-flight batches finish and commit (kafkajs drops commits once its own `stop` has
   * begun, so they must be done first), then leaves the group.
   */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (!this.running) {
      // Never started (or still joining in the background): just drop the connection.
      await this.consumer.disconnect();
      return;
    }
    this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
    const deadline = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.allSettled([...this.activeBatches]), deadline]);
    this.running = false;
    await this.consumer.stop();
    await this.consumer.disconnect();
  }

  private trackBatch(work: Promise<void>): Promise<void> {
    this.activeBatches.add(work);
    return work.finally(() => this.activeBatches.delete(work));
  }

  private async runBatch(
    batch: Batch,
    payload: {
      resolveOffset: (offset: string) => void;
      heartbeat: () => Promise<void>;
      isRunning: () => boolean;
      isStale: () => boolean;
      pause: () => () => void;
    },
  ): Promise<void> {
    let lastDone: string | undefined;
    await this.options.handleBatch({
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages,
      markDone: (offset) => {
        payload.resolveOffset(offset);
        lastDone = offset;
      },
      heartbeat: payload.heartbeat,
      shouldContinue: () => !this.stopping && payload.isRunning() && !payload.isStale(),
      pause: payload.pause,
    });
    if (lastDone !== undefined) {
      await this.consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(lastDone) + 1n).toString() },
      ]);
    }
  }
}

function exitForRestart(): void {
  process.exitCode = 1;
  process.kill(process.pid, 'SIGTERM');
}
