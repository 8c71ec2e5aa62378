import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import {
  applyOverrideChanges,
  type QuotaOverrideChanges,
} from '../../quota-limits/domain/apply-override-changes';
import { CountQuotas } from '../../quota-limits/persistence/count-quotas';
import { StateRecordWriter } from '../../state-events/state-record-writer';
import { ApiKeyEntity } from './api-key.entity';
import { TenantEntity } from './tenant.entity';

export interface NewApiKey {
  id: string;
  name: string;
  hash: string;
}

export type RevokeResult = 'revoked' | 'already-revoked' | 'not-found';

/**
 * Tenants and their API keys. Every change bumps the tenant's version and publishes its record (keys as
 * hashes only) in the same transaction, so other services' replicas learn of a revoked key from the topic.
 */
@Injectable()
export class TenantsRepository {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly stateRecords: StateRecordWriter,
    private readonly quotas: CountQuotas,
  ) {}

  /** Creates the tenant and its first key, and publishes the tenant's state, atomically. False if it exists. */
  async create(tenant: { id: string; name: string; apiKey: NewApiKey }, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO subscription.tenants (id, name, version, created_at, updated_at)
         VALUES ($1, $2, 1, $3, $3) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [tenant.id, tenant.name, now],
      );
      if (inserted.length === 0) return false;
      await insertKey(manager, tenant.id, tenant.apiKey, now);
      await this.stateRecords.tenantChanged(manager, tenant.id);
      return true;
    });
  }

  findOne(tenantId: string): Promise<TenantEntity | null> {
    return this.dataSource.getRepository(TenantEntity).findOneBy({ id: tenantId });
  }

  /** Adds a key to an existing tenant, within its quota of live keys; null when there is no such tenant. */
  async issueKey(tenantId: string, apiKey: NewApiKey, now: Date): Promise<ApiKeyEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const quotas = await this.quotas.lock(manager, tenantId);
      if (quotas === undefined) return null;
      await this.quotas.ensureRoom(manager, tenantId, quotas, 'apiKeys');
      const key = await insertKey(manager, tenantId, apiKey, now);
      await this.bumpVersion(manager, tenantId, now);
      return key;
    });
  }

  /** Revokes one of the tenant's keys; revoking a revoked key changes nothing. */
  async revokeKey(tenantId: string, keyId: string, now: Date): Promise<RevokeResult> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await lockTenant(manager, tenantId))) return 'not-found';
      const key = await manager.findOneBy(ApiKeyEntity, { id: keyId, tenantId });
      if (key === null) return 'not-found';
      if (key.revokedAt !== null) return 'already-revoked';
      await manager.update(ApiKeyEntity, { id: keyId, tenantId, revokedAt: IsNull() }, { revokedAt: now });
      await this.bumpVersion(manager, tenantId, now);
      return 'revoked';
    });
  }

  /**
   * Changes the operator's quota overrides and publishes the tenant's record with its new effective limits (how
   * delivery learns them); null when there is no such tenant. Lowering a limit below what is in use removes
   * nothing: it refuses new things until usage is under it.
   */
  async changeQuotaOverrides(
    tenantId: string,
    changes: QuotaOverrideChanges,
    now: Date,
  ): Promise<TenantEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const tenant = await manager.findOne(TenantEntity, {
        where: { id: tenantId },
        lock: { mode: 'pessimistic_write' },
      });
      if (tenant === null) return null;
      const overrides = applyOverrideChanges(tenant.quotaOverrides, changes);
      if (JSON.stringify(overrides) === JSON.stringify(tenant.quotaOverrides)) return tenant;
      await manager.update(TenantEntity, { id: tenantId }, { quotaOverrides: overrides });
      await this.bumpVersion(manager, tenantId, now);
      return manager.findOneByOrFail(TenantEntity, { id: tenantId });
    });
  }

  private async bumpVersion(manager: EntityManager, tenantId: string, now: Date): Promise<void> {
    await manager.update(TenantEntity, { id: tenantId }, { version: () => 'version + 1', updatedAt: now });
    await this.stateRecords.tenantChanged(manager, tenantId);
  }
}

async function lockTenant(manager: EntityManager, tenantId: string): Promise<boolean> {
  const tenant = await manager.findOne(TenantEntity, {
    where: { id: tenantId },
    lock: { mode: 'pessimistic_write' },
  });
  return tenant !== null;
}

async function insertKey(
  manager: EntityManager,
  tenantId: string,
  apiKey: NewApiKey,
  now: Date,
): Promise<ApiKeyEntity> {
  const key = manager.create(ApiKeyEntity, {
    id: apiKey.id,
    tenantId,
    name: apiKey.name,
    keyHash: apiKey.hash,
    createdAt: now,
    revokedAt: null,
  });
  await manager.insert(ApiKeyEntity, key);
  return key;
}
