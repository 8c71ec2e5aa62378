import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { StateRecordWriter } from '../../state-events/state-record-writer';

const PAGE = 200;

export interface RepublishCounts {
  tenants: number;
  endpoints: number;
  eventTypes: number;
}

/**
 * Operator-level walks over every tenant's state (hence no tenant id): republishing the full state to the
 * compacted topic, and finding secrets and header values to re-seal (old key, old format, or plaintext).
 */
@Injectable()
export class StateSnapshotRepository {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly stateRecords: StateRecordWriter,
  ) {}

  /**
   * Writes the current record of every tenant, endpoint and event type to the outbox, a page per transaction
   * (each record is read inside its transaction, so it is the committed state at that moment; a change that
   * commits meanwhile writes its own, later record). Versions are unchanged: equal versions replace in replicas.
   */
  async republishAll(): Promise<RepublishCounts> {
    const tenants = await this.walk(
      `SELECT id AS a, id AS b FROM subscription.tenants`,
      (manager, [tenantId]) => this.stateRecords.tenantChanged(manager, tenantId),
    );
    const endpoints = await this.walk(
      `SELECT tenant_id AS a, id AS b FROM subscription.endpoints`,
      (manager, [tenantId, id]) => this.stateRecords.endpointChanged(manager, tenantId, id),
    );
    const eventTypes = await this.walk(
      `SELECT tenant_id AS a, type AS b FROM subscription.event_types`,
      (manager, [tenantId, type]) => this.stateRecords.eventTypeChanged(manager, tenantId, type),
    );
    return { tenants, endpoints, eventTypes };
  }

  /** Every (tenant, endpoint) with a secret the predicate says must be re-sealed, walked in pages by secret id. */
  async endpointsWithSecrets(
    needsWork: (encrypted: string) => boolean,
  ): Promise<Array<{ tenantId: string; endpointId: string }>> {
    const found = new Map<string, string>();
    let after = '';
    for (;;) {
      const rows: Array<{ id: string; endpoint_id: string; tenant_id: string; encrypted: string }> =
        await this.dataSource.query(
          `SELECT s.id, s.endpoint_id, e.tenant_id, s.encrypted
           FROM subscription.endpoint_secrets s JOIN subscription.endpoints e ON e.id = s.endpoint_id
          WHERE s.id > $1 ORDER BY s.id LIMIT $2`,
          [after, PAGE],
        );
      for (const row of rows) if (needsWork(row.encrypted)) found.set(row.endpoint_id, row.tenant_id);
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].id;
    }
    return [...found].map(([endpointId, tenantId]) => ({ tenantId, endpointId }));
  }

  /** Every (tenant, endpoint) whose custom header values the predicate says must be (re-)sealed, by id. */
  async endpointsWithHeaders(
    needsWork: (headers: Record<string, string>) => boolean,
  ): Promise<Array<{ tenantId: string; endpointId: string }>> {
    const found: Array<{ tenantId: string; endpointId: string }> = [];
    let after = '';
    for (;;) {
      const rows: Array<{ id: string; tenant_id: string; headers: Record<string, string> }> =
        await this.dataSource.query(
          `SELECT id, tenant_id, headers FROM subscription.endpoints
            WHERE id > $1 AND headers <> '{}'::jsonb ORDER BY id LIMIT $2`,
          [after, PAGE],
        );
      for (const row of rows)
        if (needsWork(row.headers)) found.push({ tenantId: row.tenant_id, endpointId: row.id });
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].id;
    }
    return found;
  }

  private async walk(
    select: string,
    write: (manager: EntityManager, key: [string, string]) => Promise<void>,
  ): Promise<number> {
    let count = 0;
    let after: [string, string] = ['', ''];
    for (;;) {
      const rows: Array<{ a: string; b: string }> = await this.dataSource.query(
        `SELECT a, b FROM (${select}) keys WHERE (a, b) > ($1, $2) ORDER BY a, b LIMIT $3`,
        [after[0], after[1], PAGE],
      );
      if (rows.length === 0) return count;
      await this.dataSource.transaction(async (manager) => {
        for (const row of rows) await write(manager, [row.a, row.b]);
      });
      count += rows.length;
      const last = rows[rows.length - 1];
      after = [last.a, last.b];
    }
  }
}
