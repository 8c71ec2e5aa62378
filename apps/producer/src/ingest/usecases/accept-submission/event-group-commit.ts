import type { HooklineEvent } from '@hookline/contracts';
import { withTraceHeaders } from '@hookline/kafka';
import { isTracing } from '@hookline/tracing';
import { IngestUnavailableError } from '../../domain/ingest-unavailable';

/** The `traceparent` of the request that submitted an event, for its outbox row. */
export type TraceHeaders = Record<string, string> | undefined;

interface Pending {
  events: HooklineEvent[];
  trace: TraceHeaders;
  resolve: (accepted: boolean[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for concurrent requests: events submitted while earlier transactions are in flight are
 * written together in the next one (a few at a time, at most `maxEvents` each), and every caller gets its
 * own slice of the answer. One transaction per request would spend the database on commits, not rows.
 * A failed transaction fails every request in it; none of them was accepted, and each may be retried.
 * The queue is bounded: while Postgres is slow or gone, events waiting beyond `maxQueuedEvents` are refused
 * at once (the caller answers 503 + Retry-After) instead of piling up in memory.
 */
export class EventGroupCommit {
  private queue: Pending[] = [];
  private queuedEvents = 0;
  private inFlight = 0;

  constructor(
    private readonly write: (events: HooklineEvent[], traces: TraceHeaders[]) => Promise<boolean[]>,
    private readonly maxEvents: number,
    private readonly maxInFlight: number,
    private readonly maxQueuedEvents: number = Number.POSITIVE_INFINITY,
  ) {}

  record(events: HooklineEvent[]): Promise<boolean[]> {
    // One submission larger than the bound still goes through an empty queue, or it could never pass.
    if (this.queuedEvents > 0 && this.queuedEvents + events.length > this.maxQueuedEvents) {
      return Promise.reject(
        new IngestUnavailableError(
          `${this.queuedEvents} events are already waiting for the event store (the limit is ${this.maxQueuedEvents}); retry shortly`,
          1,
        ),
      );
    }
    // Taken now, in the request's context: the shared transaction runs in whichever request started it.
    const trace = isTracing() ? withTraceHeaders({}) : undefined;
    return new Promise((resolve, reject) => {
      this.queue.push({ events, trace, resolve, reject });
      this.queuedEvents += events.length;
      this.flush();
    });
  }

  /** Events waiting for a transaction (not yet in one). */
  get waiting(): number {
    return this.queuedEvents;
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const group = this.takeGroup();
      this.inFlight++;
      void this.commit(group).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private takeGroup(): Pending[] {
    let size = 0;
    let count = 0;
    while (
      count < this.queue.length &&
      (count === 0 || size + this.queue[count].events.length <= this.maxEvents)
    ) {
      size += this.queue[count].events.length;
      count++;
    }
    this.queuedEvents -= size;
    return this.queue.splice(0, count);
  }

  private async commit(group: Pending[]): Promise<void> {
    try {
      const accepted = await this.write(
        group.flatMap((pending) => pending.events),
        group.flatMap((pending) => pending.events.map(() => pending.trace)),
      );
      let offset = 0;
      for (const pending of group) {
        pending.resolve(accepted.slice(offset, offset + pending.events.length));
        offset += pending.events.length;
      }
    } catch (error) {
      for (const pending of group) pending.reject(error);
    }
  }
}
