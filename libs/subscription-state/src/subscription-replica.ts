import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { describeFieldErrors, parseJson, validateSubscriptionRecord } from '@hookline/contracts';
import { QUIET_CONSUMER_FETCH_WAIT_MS } from '@hookline/kafka';
import { SubscriptionState, type EndpointChange } from './subscription-state';
import { UnapplicableRecords } from './unapplicable-records';

/**
 * Keeps a `SubscriptionState` current by reading the compacted subscriptions topic from the beginning, in a
 * consumer group of its own (every replica needs every partition; nothing is ever committed). `start()`
 * resolves once the state has caught up with what the topic held when it started, so a service never acts
 * on a half-loaded routing table. (Compaction never touches the active segment, so the record at the high
 * watermark minus one is always there to be read.)
 */
export class SubscriptionReplica {
  readonly state = new SubscriptionState();
  /** Keys whose latest record was invalid: counted, logged and shown in readiness until replaced. */
  readonly unapplicable: UnapplicableRecords;
  private readonly consumer: Consumer;
  private readonly listeners: Array<(change: EndpointChange) => void> = [];
  private caughtUp = false;
  private starting?: Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    groupPrefix: string,
    private readonly logger: Logger,
  ) {
    this.unapplicable = new UnapplicableRecords(topic);
    this.consumer = kafka.consumer({
      groupId: `${groupPrefix}.replica.${hostname()}.${process.pid}.${randomUUID().slice(0, 8)}`,
      // Changes still arrive at once: this only sets how often an idle replica wakes.
      maxWaitTimeInMs: QUIET_CONSUMER_FETCH_WAIT_MS,
      allowAutoTopicCreation: false,
    });
  }

  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  onEndpointChange(listener: (change: EndpointChange) => void): void {
    this.listeners.push(listener);
  }

  /** Starts following the topic (once); resolves when the state has caught up. */
  start(timeoutMs = 60_000): Promise<void> {
    this.starting ??= this.follow(timeoutMs);
    return this.starting;
  }

  private async follow(timeoutMs: number): Promise<void> {
    const targets = await this.highWatermarks();
    const consumed = new Map<number, bigint>();
    let markCaughtUp: () => void = () => undefined;
    const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
    const checkCaughtUp = () => {
      const done = [...targets].every(([partition, high]) => (consumed.get(partition) ?? -1n) >= high - 1n);
      if (done && !this.caughtUp) {
        this.caughtUp = true;
        markCaughtUp();
      }
    };
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: (payload) => {
        this.applyBatch(payload);
        consumed.set(payload.batch.partition, BigInt(payload.batch.lastOffset()));
        checkCaughtUp();
        return Promise.resolve();
      },
    });
    checkCaughtUp();
    await withTimeout(caughtUp, timeoutMs, `subscription state did not catch up within ${timeoutMs} ms`);
    this.logger.info({ topic: this.topic }, 'subscription state loaded');
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private applyBatch({ batch }: EachBatchPayload): void {
    for (const message of batch.messages) {
      const key = message.key?.toString() ?? '';
      const parsed = message.value === null ? { ok: true as const, value: null } : parseRecord(message.value);
      if (!parsed.ok) {
        const unapplicable = {
          key,
          partition: batch.partition,
          offset: message.offset,
          reason: parsed.reason,
        };
        this.unapplicable.add(unapplicable);
        this.logger.error(
          { topic: batch.topic, ...unapplicable },
          'subscription record could not be applied: this replica keeps the previous state of its key',
        );
        continue;
      }
      this.unapplicable.applied(key);
      const change = this.state.applyRecord(key, parsed.value);
      if (change !== undefined) for (const listener of this.listeners) listener(change);
    }
  }

  private async highWatermarks(): Promise<Map<number, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(this.topic);
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

function parseRecord(value: Buffer) {
  const json = parseJson(value);
  if (!json.ok) return { ok: false as const, reason: describeFieldErrors(json.errors) };
  const record = validateSubscriptionRecord(json.value);
  return record.ok ? record : { ok: false as const, reason: describeFieldErrors(record.errors) };
}

async function withTimeout(promise: Promise<void>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)),
  );
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
