import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, MoreThan, type EntityManager } from 'typeorm';
import { selectsOperationalEvents } from '@hookline/contracts';
import { toPage, type Page } from '../../pagination/domain/page-cursor';
import type { PageRequest } from '../../pagination/page-request';
import { CountQuotas } from '../../quota-limits/persistence/count-quotas';
import type { EndpointOperationalAction } from '../../state-events/domain/operational-event';
import { EventOutbox } from '../../state-events/event-outbox';
import { StateRecordWriter } from '../../state-events/state-record-writer';
import { QuotaExceededError } from '../../errors/quota-exceeded.error';
import { liveSecretsQuotaProblem } from '../domain/live-secrets-quota';
import { EndpointSecretEntity } from './endpoint-secret.entity';
import { EndpointEntity } from './endpoint.entity';

export type NewEndpoint = Omit<EndpointEntity, 'version' | 'createdAt' | 'updatedAt'>;

export type EndpointPatch = Partial<
  Omit<EndpointEntity, 'id' | 'tenantId' | 'version' | 'createdAt' | 'updatedAt'>
>;

export interface SecretChanges {
  add?: { id: string; encrypted: string };
  expire?: Array<{ id: string; expiresAt: Date }>;
  remove?: string[];
  /** Replace ciphertexts (re-encryption under a new key); the plaintexts are unchanged. */
  reencrypt?: Array<{ id: string; encrypted: string }>;
}

export interface EndpointModification {
  patch?: EndpointPatch;
  secrets?: SecretChanges;
  /** Operational events; `occurrence` defaults to the version the change produces. */
  events?: Array<{
    action: EndpointOperationalAction;
    details?: Record<string, unknown>;
    occurrence?: string;
  }>;
}

/** Decides the change from the locked current state; undefined means nothing to do. */
export type PlanModification = (
  current: EndpointEntity,
  secrets: EndpointSecretEntity[],
) => EndpointModification | undefined;

/**
 * Endpoint persistence. Every query is scoped by tenant id, so no route can reach another tenant's rows, and
 * every change is one transaction: the row, a new version, the full state record and the operational events
 * commit together or not at all.
 */
@Injectable()
export class EndpointsRepository {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly stateRecords: StateRecordWriter,
    private readonly events: EventOutbox,
    private readonly quotas: CountQuotas,
  ) {}

  /**
   * Inserts the endpoint and its first secret, publishes its state and `endpoint.created`; within the tenant's
   * endpoint quota (and, for an endpoint that hears operational events, its operational-subscriber quota).
   */
  async create(
    endpoint: NewEndpoint,
    secret: { id: string; encrypted: string },
    now: Date,
  ): Promise<EndpointEntity> {
    return this.dataSource.transaction(async (manager) => {
      const quotas = await this.quotas.lock(manager, endpoint.tenantId);
      if (quotas === undefined) throw new Error(`tenant ${endpoint.tenantId} does not exist`);
      await this.quotas.ensureRoom(manager, endpoint.tenantId, quotas, 'endpoints');
      if (selectsOperationalEvents(endpoint.eventTypes)) {
        await this.quotas.ensureRoom(manager, endpoint.tenantId, quotas, 'operationalSubscribers');
      }
      const row = manager.create(EndpointEntity, { ...endpoint, version: 1, createdAt: now, updatedAt: now });
      await manager.insert(EndpointEntity, row);
      await manager.insert(EndpointSecretEntity, {
        id: secret.id,
        endpointId: endpoint.id,
        encrypted: secret.encrypted,
        createdAt: now,
        expiresAt: null,
      });
      await this.stateRecords.endpointChanged(manager, endpoint.tenantId, endpoint.id);
      await this.events.operational(manager, [
        { action: 'created', endpoint: row, occurredAt: now, occurrence: '1' },
      ]);
      return row;
    });
  }

  findOne(tenantId: string, endpointId: string): Promise<EndpointEntity | null> {
    return this.dataSource.getRepository(EndpointEntity).findOneBy({ tenantId, id: endpointId });
  }

  /** One page in creation order (ties broken by id), after the given position. */
  async page(tenantId: string, request: PageRequest): Promise<Page<EndpointEntity>> {
    const query = this.dataSource
      .getRepository(EndpointEntity)
      .createQueryBuilder('e')
      .where('e.tenant_id = :tenantId', { tenantId })
      .orderBy('e.created_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(request.limit + 1);
    if (request.after !== undefined) {
      query.andWhere('(e.created_at, e.id) > (:afterAt, :afterId)', {
        afterAt: request.after.createdAt,
        afterId: request.after.id,
      });
    }
    return toPage(await query.getMany(), request.limit, (row) => ({ createdAt: row.createdAt, id: row.id }));
  }

  /** Locks the endpoint, applies the planned change in one transaction; null when the tenant has no such endpoint. */
  modify(
    tenantId: string,
    endpointId: string,
    now: Date,
    plan: PlanModification,
  ): Promise<EndpointEntity | null> {
    return this.dataSource.transaction((manager) => this.modifyIn(manager, tenantId, endpointId, now, plan));
  }

  /** `modify` inside a transaction the caller owns (the health-decision consumer records its dedupe key in it). */
  async modifyIn(
    manager: EntityManager,
    tenantId: string,
    endpointId: string,
    now: Date,
    plan: PlanModification,
  ): Promise<EndpointEntity | null> {
    const current = await manager.findOne(EndpointEntity, {
      where: { id: endpointId, tenantId },
      lock: { mode: 'pessimistic_write' },
    });
    if (current === null) return null;
    const secrets = await manager.find(EndpointSecretEntity, {
      where: { endpointId },
      order: { createdAt: 'DESC' },
    });
    const modification = plan(current, secrets);
    if (modification === undefined) return current;
    await this.checkQuotas(manager, current, secrets, modification, now);
    const changesState =
      Object.keys(modification.patch ?? {}).length > 0 || hasSecretChanges(modification.secrets);
    let after = current;
    if (changesState) {
      await manager.update(
        EndpointEntity,
        { id: endpointId, tenantId },
        { ...modification.patch, version: () => 'version + 1', updatedAt: now },
      );
      await applySecretChanges(manager, endpointId, modification.secrets ?? {}, now);
      after = await manager.findOneByOrFail(EndpointEntity, { id: endpointId, tenantId });
      await this.stateRecords.endpointChanged(manager, tenantId, endpointId);
    }
    await this.events.operational(
      manager,
      (modification.events ?? []).map((event) => ({
        action: event.action,
        endpoint: after,
        occurredAt: now,
        occurrence: event.occurrence ?? String(after.version),
        details: event.details,
      })),
    );
    return after;
  }

  /**
   * A change must stay within the tenant's quotas: a rotation within the live secrets per endpoint (the
   * endpoint's row lock already serialises its rotations), and an endpoint that starts hearing operational
   * events within the operational subscribers (the tenant row's lock serialises those across endpoints).
   */
  private async checkQuotas(
    manager: EntityManager,
    current: EndpointEntity,
    secrets: EndpointSecretEntity[],
    modification: EndpointModification,
    now: Date,
  ): Promise<void> {
    const { tenantId } = current;
    if (modification.secrets?.add !== undefined) {
      const quotas = await this.quotas.read(manager, tenantId);
      const problem = quotas && liveSecretsQuotaProblem(secrets, modification.secrets, now, quotas);
      if (problem) throw new QuotaExceededError(problem);
    }
    const eventTypes = modification.patch?.eventTypes;
    if (
      eventTypes !== undefined &&
      selectsOperationalEvents(eventTypes) &&
      !selectsOperationalEvents(current.eventTypes)
    ) {
      const quotas = await this.quotas.lock(manager, tenantId);
      if (quotas !== undefined)
        await this.quotas.ensureRoom(manager, tenantId, quotas, 'operationalSubscribers');
    }
  }

  /** Deletes the endpoint and its secrets, publishes a tombstone and `endpoint.deleted`. */
  async delete(tenantId: string, endpointId: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(EndpointEntity, {
        where: { id: endpointId, tenantId },
        lock: { mode: 'pessimistic_write' },
      });
      if (current === null) return false;
      await manager.delete(EndpointEntity, { id: endpointId, tenantId });
      await this.stateRecords.endpointDeleted(manager, endpointId);
      await this.events.operational(manager, [
        { action: 'deleted', endpoint: current, occurredAt: now, occurrence: String(current.version + 1) },
      ]);
      return true;
    });
  }

  /** Secrets that still sign (the current one, and previous ones inside their overlap), newest first. */
  async liveSecrets(tenantId: string, endpointId: string, now: Date): Promise<EndpointSecretEntity[]> {
    if ((await this.findOne(tenantId, endpointId)) === null) return [];
    return this.dataSource.getRepository(EndpointSecretEntity).find({
      where: [
        { endpointId, expiresAt: IsNull() },
        { endpointId, expiresAt: MoreThan(now) },
      ],
      order: { createdAt: 'DESC' },
    });
  }
}

function hasSecretChanges(changes: SecretChanges | undefined): boolean {
  if (changes === undefined) return false;
  return (
    changes.add !== undefined ||
    (changes.expire?.length ?? 0) > 0 ||
    (changes.remove?.length ?? 0) > 0 ||
    (changes.reencrypt?.length ?? 0) > 0
  );
}

async function applySecretChanges(
  manager: EntityManager,
  endpointId: string,
  changes: SecretChanges,
  now: Date,
): Promise<void> {
  for (const id of changes.remove ?? []) await manager.delete(EndpointSecretEntity, { id, endpointId });
  for (const { id, expiresAt } of changes.expire ?? []) {
    await manager.update(EndpointSecretEntity, { id, endpointId }, { expiresAt });
  }
  for (const { id, encrypted } of changes.reencrypt ?? []) {
    await manager.update(EndpointSecretEntity, { id, endpointId }, { encrypted });
  }
  if (changes.add !== undefined) {
    await manager.insert(EndpointSecretEntity, {
      ...changes.add,
      endpointId,
      createdAt: now,
      expiresAt: null,
    });
  }
}
