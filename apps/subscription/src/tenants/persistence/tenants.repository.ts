import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
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

  /** Adds a key to an existing tenant; false when there is no such tenant. */
  async issueKey(tenantId: string, apiKey: NewApiKey, now: Date): Promise<ApiKeyEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await lockTenant(manager, tenantId))) return null;
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
