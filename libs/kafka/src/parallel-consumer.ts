import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, PartitionAssigner } from 'kafkajs';
import type { Logger } from 'pino';
import { DEFAULT_CONSUMER_FAILURE_POLICY, type ConsumerFailurePolicy } from './failure-policy/retry-backoff';
import type { DeadLetterSink } from './failure-policy/dead-letter-sink';
import { handleWithPolicy } from './failure-policy/handle-with-policy';
import { beforeRejoin } from './before-rejoin';
import { PartitionProgress } from './partition-progress';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

export interface ParallelConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  logger: Logger;
  /** Messages handled at once per partition; the partition stops fetching while this many are in flight. */
  maxInFlightPerPartition: number;
  /**
   * Resolves once the message's work is durable (its offset may then be committed). A rejection is judged
   * by the failure policy (`classifyFailure`): `InvalidRecordError` is dead-lettered at once, an outage is
   * retried until it ends, any other error is retried a bounded number of times and then dead-lettered.
   */
  handleMessage: (message: ConsumedMessage) => Promise<void>;
  /** The stream's dead-letter topic, through which every record given up on leaves. */
  deadLetters: DeadLetterSink;
  failurePolicy?: ConsumerFailurePolicy;
  /** Epoch ms before which a message must not be handled: its partition is held (paused) until then. */
  notBefore?: (message: ConsumedMessage) => number | undefined;
  commitIntervalMs?: number;
  sessionTimeoutMs?: number;
  maxBytesPerPartition?: number;
  maxWaitTimeInMs?: number;
  partitionsConsumedConcurrently?: number;
  /**
   * On a rebalance, how long in-flight messages may finish (and be committed) before this member rejoins and
   * gives its partitions up; what is still running then is handled again by the next owner. 0: no drain.
   */
  rebalanceDrainMs?: number;
  /** How partitions are shared among the group's members (kafkajs's round robin when not given). */
  partitionAssigners?: PartitionAssigner[];
  onFatal?: (error: unknown) => void;
}

interface Hold {
  resume: () => void;
  timer?: NodeJS.Timeout;
}

interface TrackedPartition {
  topic: string;
  partition: number;
  progress: PartitionProgress;
  /** Paused until a message is due. */
  hold?: Hold;
  /**
   * Fetched messages taken off kafkajs's hands while the window was full (at most one fetch), dispatched as
   * slots free up. Without it kafkajs would fetch and decode the rest of the batch again after a resume.
   */
  backlog: ConsumedMessage[];
  backlogHead: number;
  /** Resumes fetching once the backlog is drained (the partition is paused while it holds messages). */
  resumeFetch?: () => void;
  /** The highest offset dispatched or taken into the backlog: anything at or below it is not taken again. */
  lastAccepted?: bigint;
}

/**
 * Handles the messages of each partition concurrently and commits in offset order, so one slow message
 * never stalls the others and a crash at any point replays unfinished work instead of losing it. kafkajs
 * fetches the next batch only once every batch of the previous fetch returned, so nothing here waits inside
 * `eachBatch`: when the window is full the rest of the batch waits in the partition's backlog (paused, so
 * nothing more is fetched for it), and a message that is not yet due pauses that partition alone.
 */
export class ParallelConsumer {
  private readonly consumer: Consumer;
  private readonly partitions = new Map<string, TrackedPartition>();
  private readonly inFlight = new Set<Promise<void>>();
  private commitTimer?: NodeJS.Timeout;
  private committing?: Promise<void>;
  private running = false;
  private stopping = false;
  /** A rebalance is under way: nothing new is dispatched until the group is joined again. */
  private draining = false;
  private removeRejoinHook?: () => void;

  constructor(private readonly options: ParallelConsumerOptions) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
      allowAutoTopicCreation: false,
      // Explicit: records of aborted or open Kafka transactions (an outbox relay using them) are never read.
      readUncommitted: false,
      ...(options.partitionAssigners === undefined ? {} : { partitionAssigners: options.partitionAssigners }),
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.restartTracking();
      this.draining = false;
      this.removeRejoinHook?.();
      this.removeRejoinHook = beforeRejoin(payload.memberId, (heartbeat) =>
        this.drainBeforeRejoin(heartbeat),
      );
    });
    this.consumer.on(this.consumer.events.REBALANCING, () => void this.commitSettled());
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

  /** Messages being handled right now, across partitions. */
  get messagesInFlight(): number {
    return this.inFlight.size;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning });
    this.running = true;
    this.commitTimer = setInterval(() => void this.commitSettled(), this.options.commitIntervalMs ?? 100);
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 16,
      eachBatch: (payload) => Promise.resolve(this.dispatchBatch(payload)),
    });
  }

  /**
   * Graceful stop: fetch nothing more, let in-flight messages finish (up to `graceMs`), commit what is done,
   * then leave the group. Work still unfinished after the grace period is handed off: its offsets stay
   * uncommitted, so the next owner of the partition handles it again.
   */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (!this.running) {
      await this.consumer.disconnect();
      return;
    }
    this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
    const drained = Promise.allSettled([...this.inFlight]);
    const deadline = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([drained, deadline]);
    if (this.inFlight.size > 0) {
      this.options.logger.warn(
        { groupId: this.options.groupId, unfinished: this.inFlight.size },
        'stopping with unfinished messages; their offsets stay uncommitted for the next owner',
      );
    }
    clearInterval(this.commitTimer);
    // A periodic commit may be under way, computed before the drain finished: let it end, then commit
    // again, or the work finished during the grace period would be delivered a second time after restart.
    await this.committing;
    await this.commitSettled();
    for (const tracked of this.partitions.values()) clearTimeout(tracked.hold?.timer);
    this.running = false;
    this.removeRejoinHook?.();
    await this.consumer.stop();
    await this.consumer.disconnect();
  }

  /**
   * Before this member rejoins (a rebalance gives up every partition): dispatch nothing more, let in-flight
   * messages finish for up to `rebalanceDrainMs`, heartbeating, and commit what is done, so the next owner
   * starts after it instead of sending it again. The group waits for this member meanwhile.
   */
  private async drainBeforeRejoin(heartbeat: () => Promise<void>): Promise<void> {
    const graceMs = this.options.rebalanceDrainMs ?? 5_000;
    if (!this.running || this.stopping) return;
    this.draining = true;
    const startedAt = Date.now();
    const inFlightAtStart = this.inFlight.size;
    let drained = false;
    const allSettled = Promise.allSettled([...this.inFlight]).then(() => (drained = true));
    while (!drained && Date.now() - startedAt < graceMs) {
      const left = graceMs - (Date.now() - startedAt);
      await Promise.race([allSettled, new Promise((resolve) => setTimeout(resolve, Math.min(1_000, left)))]);
      await heartbeat();
    }
    await this.committing;
    await this.commitSettled();
    const unfinished = this.inFlight.size;
    (unfinished > 0 ? this.options.logger.warn : this.options.logger.info).call(
      this.options.logger,
      { groupId: this.options.groupId, inFlightAtStart, unfinished, drainMs: Date.now() - startedAt },
      unfinished > 0
        ? 'rebalance: drain time over with messages in flight; the next owner handles them again'
        : 'rebalance: in-flight messages drained and committed before rejoining',
    );
  }

  private dispatchBatch(payload: EachBatchPayload): void {
    const { batch } = payload;
    const tracked = this.track(batch.topic, batch.partition);
    // Paused: whatever this batch holds past the accepted offsets is fetched again after the resume.
    if (tracked.hold !== undefined || tracked.resumeFetch !== undefined) return;
    for (const message of batch.messages) {
      if (this.stopping || this.draining || !payload.isRunning() || payload.isStale()) return;
      const offset = BigInt(message.offset);
      if (tracked.lastAccepted !== undefined && offset <= tracked.lastAccepted) continue;
      const consumed = { topic: batch.topic, partition: batch.partition, message };
      if (tracked.backlogHead < tracked.backlog.length || this.windowFull(tracked)) {
        tracked.backlog.push(consumed);
        tracked.lastAccepted = offset;
        payload.resolveOffset(message.offset);
        continue;
      }
      const dueAt = this.options.notBefore?.(consumed);
      if (dueAt !== undefined && dueAt > Date.now()) {
        // Not resolved: fetched again once the hold ends.
        this.holdUntil(tracked, payload.pause(), dueAt);
        return;
      }
      payload.resolveOffset(message.offset);
      this.dispatch(tracked, consumed, offset);
    }
    if (tracked.backlogHead < tracked.backlog.length) tracked.resumeFetch = payload.pause();
  }

  private windowFull(tracked: TrackedPartition): boolean {
    return tracked.progress.inFlight >= this.options.maxInFlightPerPartition;
  }

  private dispatch(tracked: TrackedPartition, consumed: ConsumedMessage, offset: bigint): void {
    tracked.progress.dispatch(offset);
    tracked.lastAccepted = offset;
    this.handle(tracked, consumed, offset);
  }

  /** Dispatches backlog messages while the window has room; resumes fetching once the backlog is empty. */
  private drainBacklog(tracked: TrackedPartition): void {
    if (tracked.progress.revoked || this.stopping || this.draining || tracked.hold !== undefined) return;
    while (tracked.backlogHead < tracked.backlog.length && !this.windowFull(tracked)) {
      const consumed = tracked.backlog[tracked.backlogHead];
      const offset = BigInt(consumed.message.offset);
      const dueAt = this.options.notBefore?.(consumed);
      if (dueAt !== undefined && dueAt > Date.now()) {
        this.returnBacklogUntil(tracked, consumed, dueAt);
        return;
      }
      tracked.backlogHead += 1;
      this.dispatch(tracked, consumed, offset);
    }
    if (tracked.backlogHead < tracked.backlog.length) return;
    tracked.backlog = [];
    tracked.backlogHead = 0;
    const resume = tracked.resumeFetch;
    tracked.resumeFetch = undefined;
    resume?.();
  }

  /**
   * A backlog message is not due yet: hand it and the rest back to Kafka (seek to it; nothing is committed
   * by a seek here) and hold the still-paused partition until it is due, so a long hold keeps nothing in
   * memory.
   */
  private returnBacklogUntil(tracked: TrackedPartition, head: ConsumedMessage, dueAt: number): void {
    this.consumer.seek({ topic: tracked.topic, partition: tracked.partition, offset: head.message.offset });
    tracked.backlog = [];
    tracked.backlogHead = 0;
    tracked.lastAccepted = BigInt(head.message.offset) - 1n;
    const resume = tracked.resumeFetch ?? (() => undefined);
    tracked.resumeFetch = undefined;
    this.holdUntil(tracked, resume, dueAt);
  }

  private holdUntil(tracked: TrackedPartition, resume: () => void, dueAt: number): void {
    const hold: Hold = { resume };
    hold.timer = setTimeout(() => this.release(tracked, hold), Math.max(0, dueAt - Date.now()));
    tracked.hold = hold;
  }

  private release(tracked: TrackedPartition, hold: Hold): void {
    if (tracked.hold !== hold) return;
    // Kept while a rebalance drains: the rejoin (restartTracking) resumes it.
    if (this.draining) return;
    tracked.hold = undefined;
    if (!tracked.progress.revoked && !this.stopping) hold.resume();
  }

  private handle(tracked: TrackedPartition, consumed: ConsumedMessage, offset: bigint): void {
    const work = this.handleUntilDone(tracked, consumed).then(
      () => {
        tracked.progress.complete(offset);
        this.drainBacklog(tracked);
      },
      // Abandoned while stopping or after a revoke: the offset stays uncommitted, so it is handled again.
      () => undefined,
    );
    this.inFlight.add(work);
    void work.then(() => this.inFlight.delete(work));
  }

  /** Rejects (leaving the offset uncommitted) only when the consumer stops or loses the partition meanwhile. */
  private async handleUntilDone(tracked: TrackedPartition, consumed: ConsumedMessage): Promise<void> {
    const outcome = await handleWithPolicy(consumed, () => this.options.handleMessage(consumed), {
      policy: this.options.failurePolicy ?? DEFAULT_CONSUMER_FAILURE_POLICY,
      deadLetters: this.options.deadLetters,
      logger: this.options.logger,
      shouldContinue: () => !tracked.progress.revoked && !this.stopping,
    });
    if (outcome === 'abandoned') throw new Error('abandoned: the consumer stopped or lost the partition');
  }

  private track(topic: string, partition: number): TrackedPartition {
    const key = `${topic}|${partition}`;
    let tracked = this.partitions.get(key);
    if (tracked === undefined) {
      tracked = { topic, partition, progress: new PartitionProgress(), backlog: [], backlogHead: 0 };
      this.partitions.set(key, tracked);
    }
    return tracked;
  }

  /**
   * After any (re)join kafkajs fetches every assigned partition from its committed offset again, so the old
   * bookkeeping is dropped: messages still in flight finish, but only their re-delivery will be committed.
   */
  private restartTracking(): void {
    for (const tracked of this.partitions.values()) {
      tracked.progress.revoked = true;
      tracked.backlog = [];
      if (tracked.hold !== undefined) {
        clearTimeout(tracked.hold.timer);
        tracked.hold.resume();
      }
      tracked.resumeFetch?.();
    }
    this.partitions.clear();
  }

  private commitSettled(): Promise<void> {
    this.committing ??= this.commitNow().finally(() => (this.committing = undefined));
    return this.committing;
  }

  private async commitNow(): Promise<void> {
    const offsets = [...this.partitions.values()].flatMap(({ topic, partition, progress }) => {
      const next = progress.commitCandidate();
      return next === undefined || progress.revoked ? [] : [{ topic, partition, progress, next }];
    });
    if (offsets.length === 0 || !this.running) return;
    try {
      await this.consumer.commitOffsets(
        offsets.map(({ topic, partition, next }) => ({ topic, partition, offset: next.toString() })),
      );
      for (const { progress, next } of offsets) progress.markCommitted(next);
    } catch (error) {
      this.options.logger.warn(
        { err: error, groupId: this.options.groupId },
        'offset commit failed; retried on the next tick',
      );
    }
  }
}

function exitForRestart(): void {
  process.exitCode = 1;
  process.kill(process.pid, 'SIGTERM');
}
