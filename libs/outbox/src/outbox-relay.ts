import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { isRecordTooLarge, type KafkaPublisher } from '@hookline/kafka';
import { countWithinBytes, rowBytes } from './batch-bytes';
import { countWithinRanges, toIdRanges } from './id-ranges';
import { OutboxLeaderSession } from './outbox-leader-session';
import { OutboxParking } from './outbox-parking';
import {
  AtLeastOncePublisher,
  ExactlyOncePublisher,
  type ExactlyOnceOptions,
  type OutboxPublisher,
} from './outbox-publishers';
import { startPublishSpans } from './publish-spans';

export type RelayPausePoint = 'after-read' | 'before-kafka-commit' | 'after-kafka-commit';

export interface OutboxRelayOptions {
  schema: string;
  databaseUrl: string;
  databaseSsl: boolean;
  batchSize: number;
  /** Safety-net poll when no NOTIFY arrives, and how often a standby replica asks for leadership. */
  pollIntervalMs: number;
  /** Bytes of keys, values and headers per batch (default 512 KiB): Kafka refuses record batches over 1 MB. */
  maxBatchBytes?: number;
  /**
   * The topics' `max.message.bytes`: a row bigger than it on its own is parked, not published (the publisher's
   * limit, KAFKA_MAX_MESSAGE_BYTES, when not given).
   */
  maxMessageBytes?: number;
  /** Publish each batch in a Kafka transaction with a progress marker; at-least-once when absent. */
  exactlyOnce?: ExactlyOnceOptions;
  /**
   * Test-only fault injection: hold every batch at this point for `ms`, logging `outbox relay paused`, so a
   * test can SIGKILL the process exactly there. Never set in production.
   */
  testPause?: { point: RelayPausePoint; ms: number };
}

export interface OutboxRelayDependencies {
  dataSource: DataSource;
  publisher: KafkaPublisher;
  /** Needed for exactly-once (a transactional producer of the relay's own). */
  kafka?: Kafka;
  logger: Logger;
}

// A progress marker lists the batch's id ranges; this bound keeps it far below Kafka's 4 KiB metadata limit.
const MAX_RANGES_PER_BATCH = 64;
const DEFAULT_MAX_BATCH_BYTES = 512 * 1024;
const OPEN_TIMEOUT_MS = 60_000;
const CLOSE_TIMEOUT_MS = 10_000;

/** Rejects when `work` has not settled within `ms` (the work itself is left to finish or fail on its own). */
function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Publishes committed outbox rows to Kafka in id order and deletes them once they are out. One replica
 * leads (see OutboxLeaderSession); the others stand by. In exactly-once mode a crash at any point neither
 * loses a row nor publishes one twice: see ExactlyOncePublisher.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wakeRequested = false;
  private endSleep?: () => void;
  private leading = false;
  private readonly parking: OutboxParking;

  constructor(
    private readonly dependencies: OutboxRelayDependencies,
    private readonly options: OutboxRelayOptions,
  ) {
    const limit = options.maxMessageBytes ?? dependencies.publisher.maxMessageBytes;
    this.parking = new OutboxParking(options.schema, limit, dependencies.logger);
  }

  get isLeading(): boolean {
    return this.leading;
  }

  start(): Promise<void> {
    this.running = true;
    this.loop = this.run();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Rows not yet published: the backlog a metric and readiness can report. */
  async backlog(): Promise<number> {
    const rows: Array<{ count: string }> = await this.dependencies.dataSource.query(
      `SELECT count(*)::text AS count FROM "${this.options.schema}".outbox`,
    );
    return Number(rows[0]?.count ?? 0);
  }

  /** Ends the current sleep, or the next one if the relay is busy (a NOTIFY must never be lost). */
  wake(): void {
    this.wakeRequested = true;
    this.endSleep?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.serveOneTerm();
      } catch (error) {
        this.dependencies.logger.error(
          { err: error, schema: this.options.schema },
          'outbox relay failed; starting over',
        );
        await this.sleep(1_000);
      }
    }
  }

  /** Waits for leadership, then publishes until stopped or until anything fails (the term then ends). */
  private async serveOneTerm(): Promise<void> {
    const session = await OutboxLeaderSession.open(this.options, this.dependencies.logger);
    try {
      while (this.running && !(await session.tryLead())) await this.sleep(this.options.pollIntervalMs);
      if (!this.running) return;
      await session.listen(() => this.wake());
      const publisher = this.createPublisher();
      try {
        // kafkajs can wait forever in connect() when the broker came back with the previous term's
        // transaction still settling (InitProducerId answering CONCURRENT_TRANSACTIONS): bound it, so the
        // term ends and the next one starts with a fresh producer that fences the stuck one.
        const unsettled = await withinTime(publisher.open(), OPEN_TIMEOUT_MS, 'opening the outbox publisher');
        this.leading = true;
        this.dependencies.logger.info({ schema: this.options.schema }, 'outbox relay leading');
        const recovered = await session.deleteRanges(unsettled);
        if (recovered > 0) {
          this.dependencies.logger.warn(
            { schema: this.options.schema, rows: recovered },
            'outbox rows an earlier leader had published were removed, not published again',
          );
        }
        while (this.running) {
          const published = await this.relayBatch(session, publisher);
          if (published < this.options.batchSize) await this.sleep(this.options.pollIntervalMs);
        }
      } finally {
        this.leading = false;
        await withinTime(publisher.close(), CLOSE_TIMEOUT_MS, 'closing the outbox publisher').catch(
          (error: unknown) =>
            this.dependencies.logger.warn(
              { err: error, schema: this.options.schema },
              'outbox publisher left open',
            ),
        );
      }
    } finally {
      await session.close();
    }
  }

  /** One batch: read, publish, delete. Returns how many rows went out. */
  private async relayBatch(session: OutboxLeaderSession, publisher: OutboxPublisher): Promise<number> {
    const read = await session.readBatch(this.parking.batchSize(this.options.batchSize));
    if (read.length === 0) return 0;
    // Rows Kafka can never take are moved aside first: the rows behind them must not wait on them forever.
    if (await this.parking.parkTooLarge(session, read)) return this.options.batchSize;
    const withinRanges = countWithinRanges(
      read.map((row) => row.id),
      MAX_RANGES_PER_BATCH,
    );
    const maxBytes = this.options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    const rows = read.slice(0, Math.min(withinRanges, countWithinBytes(read.map(rowBytes), maxBytes)));
    const ranges = toIdRanges(rows.map((row) => row.id));
    await this.testPause('after-read', rows.length);
    const spans = startPublishSpans(rows);
    try {
      // Same bound as opening: a batch stuck on a broker that went away ends the term instead of the relay.
      // Safe either way: a transaction that still commits later is in the marker the next term reads.
      await withinTime(
        publisher.publish(rows, ranges, () => this.testPause('before-kafka-commit', rows.length)),
        OPEN_TIMEOUT_MS + (this.options.testPause?.ms ?? 0),
        'publishing an outbox batch',
      );
    } catch (error) {
      spans.end(error);
      if (!isRecordTooLarge(error)) throw error;
      await this.parking.afterSizeRefusal(session, rows, error);
      return this.options.batchSize;
    }
    spans.end();
    this.parking.published();
    await this.testPause('after-kafka-commit', rows.length);
    await session.deleteRanges(ranges);
    // A batch cut short means more rows are waiting: go on at once.
    return rows.length < read.length ? this.options.batchSize : read.length;
  }

  /** Rows parked so far (still in `outbox_parked`): for a gauge operators alert on. */
  async parkedRows(): Promise<number> {
    const rows: Array<{ count: string }> = await this.dependencies.dataSource.query(
      `SELECT count(*)::text AS count FROM "${this.options.schema}".outbox_parked`,
    );
    return Number(rows[0]?.count ?? 0);
  }

  private createPublisher(): OutboxPublisher {
    const { exactlyOnce } = this.options;
    if (exactlyOnce === undefined) return new AtLeastOncePublisher(this.dependencies.publisher);
    if (this.dependencies.kafka === undefined) throw new Error('an exactly-once relay needs a Kafka client');
    return new ExactlyOncePublisher(this.dependencies.kafka, exactlyOnce, this.dependencies.logger);
  }

  private async testPause(point: RelayPausePoint, rows: number): Promise<void> {
    const pause = this.options.testPause;
    if (pause === undefined || pause.point !== point) return;
    this.dependencies.logger.warn({ point, rows, ms: pause.ms }, 'outbox relay paused (test hook)');
    await new Promise((resolve) => setTimeout(resolve, pause.ms));
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.endSleep = undefined;
        this.wakeRequested = false;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.endSleep = finish;
    });
  }
}
