import type { Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { classifyFailure, type DeadLetterIds } from './failure-policy/classify-failure';
import type { DeadLetterSink } from './failure-policy/dead-letter-sink';
import type { DeadLetterReasonClass } from './failure-policy/dead-letter-metrics';
import { handleWithPolicy, sendUntilDone, type PolicyContext } from './failure-policy/handle-with-policy';
import {
  DEFAULT_CONSUMER_FAILURE_POLICY,
  backoffDelayMs,
  type ConsumerFailurePolicy,
} from './failure-policy/retry-backoff';

export interface ConsumedBatch {
  topic: string;
  partition: number;
  /** The records to handle; empty when the batch only carries the position past a dead-lettered record. */
  messages: KafkaMessage[];
  /**
   * The offsets the batch covers, including records already dead-lettered by the failure policy: a handler
   * that stores its own position moves it past `lastOffset`.
   */
  firstOffset: string;
  lastOffset: string;
  /**
   * Dead-letters one of the batch's records that can never be handled (schema-invalid, a reserved type...)
   * to the stream's dead-letter topic with its reason; resolves once Kafka has it. The caller then treats
   * the record as done.
   */
  deadLetter(
    message: KafkaMessage,
    reason: string,
    options?: { ids?: DeadLetterIds; reasonClass?: Exclude<DeadLetterReasonClass, 'handler'> },
  ): Promise<void>;
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
  /**
   * Handles a batch (typically in one transaction) and marks what is done. A rejection is judged by the
   * failure policy: an outage retries the batch until it ends; any other failure handles the batch's
   * records one at a time, so the record at fault is retried a bounded number of times and dead-lettered
   * alone while the others go through.
   */
  handleBatch: (batch: ConsumedBatch) => Promise<void>;
  /** The stream's dead-letter topic, through which every record given up on leaves. */
  deadLetters: DeadLetterSink;
  failurePolicy?: ConsumerFailurePolicy;
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

  private async runBatch(batch: Batch, payload: BatchPayload): Promise<void> {
    if (batch.messages.length === 0) return;
    let lastDone: string | undefined;
    const markDone = (offset: string) => {
      payload.resolveOffset(offset);
      lastDone = offset;
    };
    const context = this.policyContext(payload);
    await this.handleWhole(batch, payload, markDone, context);
    if (lastDone !== undefined) {
      await this.consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(lastDone) + 1n).toString() },
      ]);
    }
  }

  /** The whole batch at once; on a failure that is not an outage, its unfinished records one at a time. */
  private async handleWhole(
    batch: Batch,
    payload: BatchPayload,
    markDone: (offset: string) => void,
    context: PolicyContext,
  ): Promise<void> {
    let done: string | undefined;
    const track = (offset: string) => {
      markDone(offset);
      done = offset;
    };
    const pending = () => batch.messages.filter((m) => done === undefined || BigInt(m.offset) > BigInt(done));
    for (let failures = 1; ; failures++) {
      const messages = pending();
      if (messages.length === 0 || !context.shouldContinue()) return;
      try {
        await this.options.handleBatch(this.consumedBatch(batch, messages, payload, track, context));
        return;
      } catch (error) {
        const failureClass = classifyFailure(error);
        this.options.logger.error(
          {
            err: error,
            topic: batch.topic,
            partition: batch.partition,
            firstOffset: messages[0].offset,
            lastOffset: messages[messages.length - 1].offset,
            failureClass,
            failures,
          },
          failureClass === 'infrastructure'
            ? 'batch failed: infrastructure unavailable; retrying until it is back'
            : 'batch failed; handling its records one at a time to find the one at fault',
        );
        if (failureClass !== 'infrastructure') break;
        await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(context.policy, failures)));
        await payload.heartbeat().catch(() => undefined);
      }
    }
    for (const message of pending()) {
      if (!(await this.handleAlone(batch, message, payload, track, context))) return;
    }
  }

  /** One record under the failure policy; false when the consumer stopped or lost the partition. */
  private async handleAlone(
    batch: Batch,
    message: KafkaMessage,
    payload: BatchPayload,
    markDone: (offset: string) => void,
    context: PolicyContext,
  ): Promise<boolean> {
    const source = { topic: batch.topic, partition: batch.partition, message };
    const outcome = await handleWithPolicy(
      source,
      () => this.options.handleBatch(this.consumedBatch(batch, [message], payload, markDone, context)),
      context,
    );
    if (outcome === 'abandoned') return false;
    if (outcome === 'dead-lettered') {
      // The handler still sees the record's offset (with no record), so a position it stores moves past it.
      const skip = this.consumedBatch(batch, [], payload, markDone, context, message.offset);
      for (let failures = 1; ; failures++) {
        try {
          await this.options.handleBatch(skip);
          break;
        } catch (error) {
          this.options.logger.error(
            { err: error, topic: batch.topic, partition: batch.partition, offset: message.offset, failures },
            'moving past a dead-lettered record failed; retrying',
          );
          if (!context.shouldContinue()) return false;
          await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(context.policy, failures)));
        }
      }
    }
    markDone(message.offset);
    return true;
  }

  private consumedBatch(
    batch: Batch,
    messages: KafkaMessage[],
    payload: BatchPayload,
    markDone: (offset: string) => void,
    context: PolicyContext,
    coveredOffset?: string,
  ): ConsumedBatch {
    return {
      topic: batch.topic,
      partition: batch.partition,
      messages,
      firstOffset: coveredOffset ?? messages[0].offset,
      lastOffset: coveredOffset ?? messages[messages.length - 1].offset,
      markDone,
      heartbeat: payload.heartbeat,
      shouldContinue: context.shouldContinue,
      pause: payload.pause,
      deadLetter: async (message, reason, options) => {
        const sent = await sendUntilDone(context, {
          source: { topic: batch.topic, partition: batch.partition, message },
          reason,
          reasonClass: options?.reasonClass ?? 'invalid',
          ids: options?.ids,
        });
        if (!sent) throw new Error('abandoned: the consumer stopped before the dead letter was published');
      },
    };
  }

  private policyContext(payload: BatchPayload): PolicyContext {
    return {
      policy: this.options.failurePolicy ?? DEFAULT_CONSUMER_FAILURE_POLICY,
      deadLetters: this.options.deadLetters,
      logger: this.options.logger,
      shouldContinue: () => !this.stopping && payload.isRunning() && !payload.isStale(),
      whileWaiting: () => payload.heartbeat().catch(() => undefined),
    };
  }
}

interface BatchPayload {
  resolveOffset: (offset: string) => void;
  heartbeat: () => Promise<void>;
  isRunning: () => boolean;
  isStale: () => boolean;
  pause: () => () => void;
}

function exitForRestart(): void {
  process.exitCode = 1;
  process.kill(process.pid, 'SIGTERM');
}
