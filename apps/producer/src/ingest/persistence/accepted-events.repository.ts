import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { eventPartitionKey, type HooklineEvent } from '@hookline/contracts';
import { appendToOutbox } from '@hookline/outbox';
import { PRODUCER_CONFIG, type ProducerConfig } from '../../config/producer.config';

export interface RecordedEvents {
  accepted: string[];
  duplicates: string[];
}

/** The writes of one acceptance: every call joins the same Postgres transaction. */
export interface IngestTransaction {
  /** Records dedupe keys and outbox rows; ids seen within the dedupe window come back as duplicates. */
  record(events: HooklineEvent[]): Promise<RecordedEvents>;
  /**
   * The same, answering per event (in order): true when accepted, false when a duplicate. `traces[i]` is the
   * trace context event i's outbox row carries (the submitting request's), when it is not the active one.
   */
  recordEach(
    events: HooklineEvent[],
    traces?: ReadonlyArray<Record<string, string> | undefined>,
  ): Promise<boolean[]>;
  /** The next unapplied offset of an ingest partition, locked until the transaction ends. */
  lockNextOffset(topic: string, partition: number): Promise<bigint>;
  saveNextOffset(topic: string, partition: number, next: bigint): Promise<void>;
}

/**
 * Accepted events: the dedupe key and the outbox row are written in one transaction, so an event is either
 * fully accepted (and will be published) or not at all.
 */
@Injectable()
export class AcceptedEventsRepository {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PRODUCER_CONFIG) private readonly config: ProducerConfig,
  ) {}

  transaction<T>(work: (transaction: IngestTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) =>
      work(new PostgresIngestTransaction(manager, this.config)),
    );
  }

  /** Deletes up to `limit` dedupe keys older than the window; returns how many went. */
  async purgeExpired(limit: number): Promise<number> {
    const rows: Array<{ deleted: string }> = await this.dataSource.query(
      `WITH expired AS (
         SELECT tenant_id, event_id FROM producer.ingested_events
          WHERE accepted_at < now() - make_interval(hours => $1) LIMIT $2)
       , gone AS (
         DELETE FROM producer.ingested_events e USING expired x
          WHERE e.tenant_id = x.tenant_id AND e.event_id = x.event_id RETURNING 1)
       SELECT count(*)::text AS deleted FROM gone`,
      [this.config.ingest.dedupeWindowHours, limit],
    );
    return Number(rows[0]?.deleted ?? 0);
  }
}

class PostgresIngestTransaction implements IngestTransaction {
  constructor(
    private readonly manager: EntityManager,
    private readonly config: ProducerConfig,
  ) {}

  async record(events: HooklineEvent[]): Promise<RecordedEvents> {
    const fresh = await this.recordEach(events);
    return {
      accepted: events.filter((_, index) => fresh[index]).map((event) => event.id),
      duplicates: events.filter((_, index) => !fresh[index]).map((event) => event.id),
    };
  }

  async recordEach(
    events: HooklineEvent[],
    traces: ReadonlyArray<Record<string, string> | undefined> = [],
  ): Promise<boolean[]> {
    // The same key twice in one statement would conflict with itself: later copies are duplicates.
    const firstOf = new Map<string, number>();
    events.forEach((event, index) => {
      const key = dedupeKey(event.tenantid, event.id);
      if (!firstOf.has(key)) firstOf.set(key, index);
    });
    // Sorted, so concurrent transactions take their key locks in one order and cannot deadlock.
    const unique = [...firstOf.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, index]) => events[index]);
    // A key older than the window (not purged yet) is taken over: the id is accepted again, as documented.
    const inserted: Array<{ tenant_id: string; event_id: string }> = await this.manager.query(
      `INSERT INTO producer.ingested_events (tenant_id, event_id, accepted_at)
       SELECT t, e, now() FROM unnest($1::text[], $2::text[]) AS u(t, e)
       ON CONFLICT (tenant_id, event_id) DO UPDATE SET accepted_at = EXCLUDED.accepted_at
         WHERE producer.ingested_events.accepted_at < now() - make_interval(hours => $3)
       RETURNING tenant_id, event_id`,
      [
        unique.map((event) => event.tenantid),
        unique.map((event) => event.id),
        this.config.ingest.dedupeWindowHours,
      ],
    );
    const fresh = new Set(inserted.map((row) => dedupeKey(row.tenant_id, row.event_id)));
    const accepted = events.map(
      (event, index) =>
        fresh.has(dedupeKey(event.tenantid, event.id)) &&
        firstOf.get(dedupeKey(event.tenantid, event.id)) === index,
    );
    await appendToOutbox(
      this.manager,
      'producer',
      events.flatMap((event, index) =>
        accepted[index]
          ? [
              {
                topic: this.config.topics.events,
                key: eventPartitionKey(event),
                value: JSON.stringify(event),
                headers: {
                  ...traces[index],
                  ce_id: event.id,
                  ce_type: event.type,
                  ce_tenantid: event.tenantid,
                },
              },
            ]
          : [],
      ),
    );
    return accepted;
  }

  async lockNextOffset(topic: string, partition: number): Promise<bigint> {
    await this.manager.query(
      `INSERT INTO producer.ingest_offsets (topic, partition, next_offset) VALUES ($1, $2, 0)
       ON CONFLICT DO NOTHING`,
      [topic, partition],
    );
    const rows: Array<{ next_offset: string }> = await this.manager.query(
      `SELECT next_offset::text AS next_offset FROM producer.ingest_offsets
        WHERE topic = $1 AND partition = $2 FOR UPDATE`,
      [topic, partition],
    );
    return BigInt(rows[0]?.next_offset ?? '0');
  }

  async saveNextOffset(topic: string, partition: number, next: bigint): Promise<void> {
    await this.manager.query(
      `UPDATE producer.ingest_offsets SET next_offset = $3 WHERE topic = $1 AND partition = $2`,
      [topic, partition, next.toString()],
    );
  }
}

function dedupeKey(tenantId: string, eventId: string): string {
  return `${tenantId}\u0000${eventId}`;
}
