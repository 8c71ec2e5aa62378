import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ReplayEntity, type ReplayCheckpoint, type ReplayStatus } from './replay.entity';

/** Lease expiry on the database's clock, so replicas with skewed clocks agree on who owns a replay. */
const LEASE_UNTIL = `now() + make_interval(secs => :leaseMs::float8 / 1000)`;

/**
 * Replay jobs. Reads and updates are scoped to the tenant that asked for the replay; a running replay is
 * owned by one process through a lease (`lease_owner`, `lease_expires_at`), and every write of a run is
 * conditional on still holding it, so a process that lost its lease (stalled past it) cannot overwrite the
 * progress of the process that took over.
 */
@Injectable()
export class ReplaysRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async create(replay: ReplayEntity): Promise<ReplayEntity> {
    await this.dataSource.getRepository(ReplayEntity).insert(replay);
    return replay;
  }

  /**
   * Inserts the replay, leased to `replay.leaseOwner` for `leaseMs`, unless the tenant already runs `limit`
   * of them (its concurrent-replay quota); then answers how many run. A transaction-scoped advisory lock per
   * tenant makes count-then-insert atomic across requests and replicas, so two concurrent requests cannot
   * both take the last slot.
   */
  async createWithinLimit(
    replay: ReplayEntity,
    limit: number,
    leaseMs: number,
  ): Promise<{ created: boolean; running: number }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `hookline.replays:${replay.tenantId}`,
      ]);
      const running = await this.countRunningIn(manager, replay.tenantId);
      if (running >= limit) return { created: false, running };
      await manager.insert(ReplayEntity, replay);
      await manager
        .createQueryBuilder()
        .update(ReplayEntity)
        .set({ leaseExpiresAt: () => LEASE_UNTIL })
        .where('tenant_id = :tenantId AND id = :id', { tenantId: replay.tenantId, id: replay.id })
        .setParameter('leaseMs', leaseMs)
        .execute();
      return { created: true, running: running + 1 };
    });
  }

  /** The tenant's replays that are running now. */
  countRunning(tenantId: string): Promise<number> {
    return this.countRunningIn(this.dataSource.manager, tenantId);
  }

  private async countRunningIn(manager: EntityManager, tenantId: string): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM delivery.replays WHERE tenant_id = $1 AND status = 'running'`,
      [tenantId],
    );
    return rows[0]?.n ?? 0;
  }

  find(tenantId: string, id: string): Promise<ReplayEntity | null> {
    return this.dataSource.getRepository(ReplayEntity).findOneBy({ tenantId, id });
  }

  /**
   * Takes over, for `owner`, up to `limit` running replays whose lease lapsed (their process died without
   * releasing them), across tenants: each row names its tenant and resumes under it. `SKIP LOCKED`: two
   * processes claiming at once take different replays, never the same one.
   */
  async claimLapsed(owner: string, leaseMs: number, limit: number): Promise<ReplayEntity[]> {
    if (limit <= 0) return [];
    return this.dataSource.transaction(async (manager) => {
      const lapsed = await manager
        .getRepository(ReplayEntity)
        .createQueryBuilder('replay')
        .where(`replay.status = 'running'`)
        .andWhere('(replay.lease_expires_at IS NULL OR replay.lease_expires_at < now())')
        .orderBy('replay.created_at', 'ASC')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (lapsed.length === 0) return [];
      await manager
        .createQueryBuilder()
        .update(ReplayEntity)
        .set({ leaseOwner: owner, leaseExpiresAt: () => LEASE_UNTIL, resumes: () => 'resumes + 1' })
        .where('id IN (:...ids)', { ids: lapsed.map((replay) => replay.id) })
        .setParameter('leaseMs', leaseMs)
        .execute();
      return manager.getRepository(ReplayEntity).findBy(lapsed.map(({ tenantId, id }) => ({ tenantId, id })));
    });
  }

  /** Renews `owner`'s lease; false when the replay is no longer running or another process owns it now. */
  renewLease(tenantId: string, id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.updateOwned(tenantId, id, owner, { leaseExpiresAt: () => LEASE_UNTIL }, leaseMs);
  }

  /**
   * Records progress and the checkpoint (the next offset per partition) and renews the lease; false when
   * `owner` no longer holds the replay (then it must stop: the new owner resumes from its own checkpoint).
   */
  progress(
    tenantId: string,
    id: string,
    owner: string,
    counts: { scanned: number; enqueued: number; checkpoint: ReplayCheckpoint },
    leaseMs: number,
  ): Promise<boolean> {
    return this.updateOwned(tenantId, id, owner, { ...counts, leaseExpiresAt: () => LEASE_UNTIL }, leaseMs);
  }

  /** Lets the lease lapse now (a graceful shutdown), so another replica resumes at its next claim. */
  release(tenantId: string, id: string, owner: string): Promise<boolean> {
    return this.updateOwned(tenantId, id, owner, { leaseExpiresAt: () => 'now()' });
  }

  finish(
    tenantId: string,
    id: string,
    owner: string,
    status: Exclude<ReplayStatus, 'running'>,
    error: string | null,
  ): Promise<boolean> {
    return this.updateOwned(tenantId, id, owner, {
      status,
      error,
      finishedAt: () => 'now()',
      leaseExpiresAt: null,
    });
  }

  private async updateOwned(
    tenantId: string,
    id: string,
    owner: string,
    values: QueryDeepPartialEntity<ReplayEntity>,
    leaseMs = 0,
  ): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(ReplayEntity)
      .set(values)
      .where(`tenant_id = :tenantId AND id = :id AND lease_owner = :owner AND status = 'running'`, {
        tenantId,
        id,
        owner,
      })
      .setParameter('leaseMs', leaseMs)
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
