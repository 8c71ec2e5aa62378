/**
 * Follows a run's first attempts through the platform, after the run, from what the records carry: the
 * events topic (envelope `time`, `hookline-outbox-at`, the record timestamp), the outcomes topic
 * (`hookline-due-at`, `startedAt`, `webhookId`, the event's position), the receiver's arrivals, and
 * health's applied positions, polled every POLL_MS while the run goes (so that hop has POLL_MS resolution).
 * At most SAMPLE outcomes are read (the middle of each partition's range), so a 1M run costs no more.
 */
import type { Kafka, KafkaMessage } from 'kafkajs';
import { validateDeliveryOutcome } from '@hookline/contracts';
import { readOffsetRanges, type PartitionRange } from '@hookline/kafka';
import { OUTBOX_AT_HEADER } from '@hookline/outbox';
import type { PgCounterReader } from '../cost/pg-counters';
import { projectedAt, summariseHops, type DeliveryTimes, type HopName, type HopSummary } from './hop-times';

const POLL_MS = 25;
const SAMPLE = 20_000;

interface OutcomeSample {
  eventKey: string;
  webhookId: string;
  dueAt: number;
  startedAt: number;
  partition: number;
  offset: bigint;
}

async function partitionEnds(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map(
      (await admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, BigInt(entry.high)]),
    );
  } finally {
    await admin.disconnect();
  }
}

const header = (message: KafkaMessage, name: string) => Number(message.headers?.[name]?.toString() ?? NaN);

export class HopTracer {
  private readonly polls = new Map<number, Array<{ at: number; next: bigint }>>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  private constructor(
    private readonly kafka: Kafka,
    private readonly topics: { events: string; outcomes: string },
    private readonly pg: PgCounterReader,
    /** Of the throwaway reader groups: under the bench's namespace, so its cleanup removes them. */
    private readonly groupPrefix: string,
    private readonly outcomesAtStart: Map<number, bigint>,
  ) {}

  static async start(
    kafka: Kafka,
    topics: { events: string; outcomes: string },
    pg: PgCounterReader,
    groupPrefix: string,
  ): Promise<HopTracer> {
    const tracer = new HopTracer(kafka, topics, pg, groupPrefix, await partitionEnds(kafka, topics.outcomes));
    tracer.timer = setInterval(() => void tracer.poll(), POLL_MS);
    return tracer;
  }

  private async poll(): Promise<void> {
    if (this.polling) return; // a slow query: skip a tick rather than pile up
    this.polling = true;
    try {
      const at = Date.now();
      for (const [partition, next] of await this.pg.healthPositions(this.topics.outcomes)) {
        const list = this.polls.get(partition) ?? [];
        if (list.length === 0) this.polls.set(partition, list);
        if (list.length === 0 || list[list.length - 1].next !== next) list.push({ at, next });
      }
    } catch {
      // A missed poll only coarsens the last hop.
    } finally {
      this.polling = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Stops polling and summarises the run's first attempts delivered to the receiver (`arrivals`). */
  async finish(arrivals: Record<string, number>): Promise<Record<HopName, HopSummary>> {
    this.stop();
    const outcomes = await this.readOutcomes();
    const events = await this.readEvents(outcomes);
    const deliveries: DeliveryTimes[] = [];
    for (const outcome of outcomes) {
      const event = events.get(outcome.eventKey);
      const received = arrivals[outcome.webhookId];
      if (event === undefined || received === undefined) continue;
      deliveries.push({
        ...event,
        handledByDelivery: outcome.dueAt,
        postStarted: outcome.startedAt,
        received,
        projected: projectedAt(this.polls.get(outcome.partition) ?? [], outcome.offset),
      });
    }
    return summariseHops(deliveries);
  }

  private async readOutcomes(): Promise<OutcomeSample[]> {
    const ends = await partitionEnds(this.kafka, this.topics.outcomes);
    const perPartition = BigInt(Math.ceil(SAMPLE / Math.max(1, ends.size)));
    const ranges: PartitionRange[] = [...ends].map(([partition, end]) => {
      const start = this.outcomesAtStart.get(partition) ?? 0n;
      const skip = end - start > perPartition ? (end - start - perPartition) / 2n : 0n;
      const from = start + skip;
      return { partition, from: from.toString(), to: minOf(end, from + perPartition).toString() };
    });
    const samples: OutcomeSample[] = [];
    await readOffsetRanges({
      kafka: this.kafka,
      topic: this.topics.outcomes,
      groupPrefix: this.groupPrefix,
      ranges,
      onRecords: (partition, messages) => {
        for (const message of messages) {
          const parsed =
            message.value === null
              ? undefined
              : validateDeliveryOutcome(JSON.parse(message.value.toString()));
          if (parsed === undefined || !parsed.ok) continue;
          const outcome = parsed.value;
          if (outcome.trigger !== 'event' || outcome.attempt !== 1 || outcome.eventOffset === undefined)
            continue;
          samples.push({
            eventKey: `${outcome.eventPartition}:${outcome.eventOffset}`,
            webhookId: outcome.webhookId,
            dueAt: header(message, 'hookline-due-at'),
            startedAt: Date.parse(outcome.startedAt),
            partition,
            offset: BigInt(message.offset),
          });
        }
        return Promise.resolve();
      },
    });
    return samples;
  }

  /** The events records the sampled outcomes name: per partition, the span from the lowest to the highest. */
  private async readEvents(outcomes: readonly OutcomeSample[]) {
    const spans = new Map<number, { from: bigint; to: bigint }>();
    for (const { eventKey } of outcomes) {
      const [partition, offset] = eventKey.split(':');
      const at = BigInt(offset);
      const span = spans.get(Number(partition));
      spans.set(Number(partition), {
        from: span === undefined || at < span.from ? at : span.from,
        to: span === undefined || at + 1n > span.to ? at + 1n : span.to,
      });
    }
    const wanted = new Set(outcomes.map((outcome) => outcome.eventKey));
    const events = new Map<string, Pick<DeliveryTimes, 'accepted' | 'outboxWritten' | 'published'>>();
    await readOffsetRanges({
      kafka: this.kafka,
      topic: this.topics.events,
      groupPrefix: this.groupPrefix,
      ranges: [...spans].map(([partition, { from, to }]) => ({
        partition,
        from: from.toString(),
        to: to.toString(),
      })),
      onRecords: (partition, messages) => {
        for (const message of messages) {
          const key = `${partition}:${message.offset}`;
          if (!wanted.has(key) || message.value === null) continue;
          const envelope = JSON.parse(message.value.toString()) as { time?: string };
          events.set(key, {
            accepted: Date.parse(envelope.time ?? ''),
            outboxWritten: header(message, OUTBOX_AT_HEADER),
            published: Number(message.timestamp),
          });
        }
        return Promise.resolve();
      },
    });
    return events;
  }
}

function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
