import type { EntityManager } from 'typeorm';
import type { EventRoutingRecord } from '@hookline/contracts';

const CHUNK = 1_000;

interface RouteRow {
  event_type: string;
  subject: string;
  routed_at: Date;
  tenant_known: boolean;
  matched: EventRoutingRecord['matched'];
  skipped: EventRoutingRecord['skipped'];
  skipped_omitted: number;
}

/** How delivery routed each event; the earliest routing of an event wins, so replays agree. */
export class EventRoutesRepository {
  constructor(private readonly manager: EntityManager) {}

  async record(records: readonly EventRoutingRecord[]): Promise<void> {
    // One row per (tenant, event) in a statement: ON CONFLICT cannot touch the same row twice.
    const earliest = new Map<string, EventRoutingRecord>();
    for (const record of records) {
      const key = `${record.tenantId}\u0000${record.eventId}`;
      const seen = earliest.get(key);
      if (seen === undefined || Date.parse(record.routedAt) < Date.parse(seen.routedAt))
        earliest.set(key, record);
    }
    const unique = [...earliest.values()];
    for (let i = 0; i < unique.length; i += CHUNK) {
      await this.manager.query(
        `INSERT INTO health.event_routes AS r
           (tenant_id, event_id, event_type, subject, routed_at, tenant_known, matched, skipped,
            skipped_omitted)
         SELECT "tenantId", "eventId", "eventType", subject, "routedAt", "tenantKnown", matched, skipped,
                coalesce("skippedOmitted", 0)
         FROM jsonb_to_recordset($1::jsonb) AS x(
           "tenantId" text, "eventId" text, "eventType" text, subject text, "routedAt" timestamptz,
           "tenantKnown" boolean, matched jsonb, skipped jsonb, "skippedOmitted" int)
         ON CONFLICT (tenant_id, event_id) DO UPDATE SET
           event_type = EXCLUDED.event_type, subject = EXCLUDED.subject, routed_at = EXCLUDED.routed_at,
           tenant_known = EXCLUDED.tenant_known, matched = EXCLUDED.matched, skipped = EXCLUDED.skipped,
           skipped_omitted = EXCLUDED.skipped_omitted
         WHERE EXCLUDED.routed_at < r.routed_at`,
        [JSON.stringify(unique.slice(i, i + CHUNK))],
      );
    }
  }

  async find(tenantId: string, eventId: string): Promise<EventRoutingRecord | null> {
    const rows: RouteRow[] = await this.manager.query(
      `SELECT event_type, subject, routed_at, tenant_known, matched, skipped, skipped_omitted
       FROM health.event_routes WHERE tenant_id = $1 AND event_id = $2`,
      [tenantId, eventId],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return {
      eventId,
      tenantId,
      eventType: row.event_type,
      subject: row.subject,
      routedAt: row.routed_at.toISOString(),
      tenantKnown: row.tenant_known,
      matched: row.matched,
      skipped: row.skipped,
      ...(row.skipped_omitted > 0 ? { skippedOmitted: row.skipped_omitted } : {}),
    };
  }

  async pruneBefore(routedAt: Date): Promise<number> {
    const result: [unknown, number] = await this.manager.query(
      'DELETE FROM health.event_routes WHERE routed_at < $1',
      [routedAt],
    );
    return result[1];
  }
}
