import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toPage, type Page } from '../../pagination/domain/page-cursor';
import type { PageRequest } from '../../pagination/page-request';
import { CountQuotas } from '../../quota-limits/persistence/count-quotas';
import { StateRecordWriter } from '../../state-events/state-record-writer';
import { EventTypeEntity } from './event-type.entity';

export type EventTypePatch = Partial<Pick<EventTypeEntity, 'description' | 'schema' | 'archived'>>;

/** Tenant event types; each change bumps the version and publishes an `EventTypeRecord` in one transaction. */
@Injectable()
export class EventTypesRepository {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly stateRecords: StateRecordWriter,
    private readonly quotas: CountQuotas,
  ) {}

  /** Null when the tenant already has this type (archived or not); within the tenant's event-type quota. */
  async create(
    eventType: Pick<EventTypeEntity, 'tenantId' | 'type' | 'description' | 'schema'>,
    now: Date,
  ): Promise<EventTypeEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const quotas = await this.quotas.lock(manager, eventType.tenantId);
      if (quotas === undefined) throw new Error(`tenant ${eventType.tenantId} does not exist`);
      const exists = await manager.findOneBy(EventTypeEntity, {
        tenantId: eventType.tenantId,
        type: eventType.type,
      });
      if (exists !== null) return null;
      await this.quotas.ensureRoom(manager, eventType.tenantId, quotas, 'eventTypes');
      const inserted: unknown[] = await manager.query(
        `INSERT INTO subscription.event_types (tenant_id, type, description, schema, archived, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, false, 1, $5, $5) ON CONFLICT DO NOTHING RETURNING type`,
        [
          eventType.tenantId,
          eventType.type,
          eventType.description,
          eventType.schema === null ? null : JSON.stringify(eventType.schema),
          now,
        ],
      );
      if (inserted.length === 0) return null;
      await this.stateRecords.eventTypeChanged(manager, eventType.tenantId, eventType.type);
      return manager.findOneByOrFail(EventTypeEntity, { tenantId: eventType.tenantId, type: eventType.type });
    });
  }

  findOne(tenantId: string, type: string): Promise<EventTypeEntity | null> {
    return this.dataSource.getRepository(EventTypeEntity).findOneBy({ tenantId, type });
  }

  async page(
    tenantId: string,
    request: PageRequest,
    includeArchived: boolean,
  ): Promise<Page<EventTypeEntity>> {
    const query = this.dataSource
      .getRepository(EventTypeEntity)
      .createQueryBuilder('t')
      .where('t.tenant_id = :tenantId', { tenantId })
      .orderBy('t.created_at', 'ASC')
      .addOrderBy('t.type', 'ASC')
      .limit(request.limit + 1);
    if (!includeArchived) query.andWhere('t.archived = false');
    if (request.after !== undefined) {
      query.andWhere('(t.created_at, t.type) > (:afterAt, :afterType)', {
        afterAt: request.after.createdAt,
        afterType: request.after.id,
      });
    }
    return toPage(await query.getMany(), request.limit, (row) => ({
      createdAt: row.createdAt,
      id: row.type,
    }));
  }

  /** Applies the patch the plan returns (undefined: nothing to change); null when there is no such type. */
  async modify(
    tenantId: string,
    type: string,
    now: Date,
    plan: (current: EventTypeEntity) => EventTypePatch | undefined,
  ): Promise<EventTypeEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(EventTypeEntity, {
        where: { tenantId, type },
        lock: { mode: 'pessimistic_write' },
      });
      if (current === null) return null;
      const patch = plan(current);
      if (patch === undefined || Object.keys(patch).length === 0) return current;
      await manager.update(EventTypeEntity, { tenantId, type }, {
        ...patch,
        version: () => 'version + 1',
        updatedAt: now,
      } as Record<string, unknown>);
      await this.stateRecords.eventTypeChanged(manager, tenantId, type);
      return manager.findOneByOrFail(EventTypeEntity, { tenantId, type });
    });
  }
}
