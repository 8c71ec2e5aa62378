import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ReplayEntity, type ReplayStatus } from './replay.entity';

/** Replay jobs. Reads and updates are scoped to the tenant that asked for the replay. */
@Injectable()
export class ReplaysRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async create(replay: ReplayEntity): Promise<ReplayEntity> {
    await this.dataSource.getRepository(ReplayEntity).insert(replay);
    return replay;
  }

  /**
   * Inserts the replay unless the tenant already runs `limit` of them (its concurrent-replay quota); then
   * answers how many run. A transaction-scoped advisory lock per tenant makes count-then-insert atomic across
   * requests and replicas, so two concurrent requests cannot both take the last slot.
   */
  async createWithinLimit(
    replay: ReplayEntity,
    limit: number,
  ): Promise<{ created: boolean; running: number }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `hookline.replays:${replay.tenantId}`,
      ]);
      const running = await this.countRunningIn(manager, replay.tenantId);
      if (running >= limit) return { created: false, running };
      await manager.insert(ReplayEntity, replay);
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

  async progress(tenantId: string, id: string, scanned: number, enqueued: number): Promise<void> {
    await this.dataSource.getRepository(ReplayEntity).update({ tenantId, id }, { scanned, enqueued });
  }

  async finish(tenantId: string, id: string, status: ReplayStatus, error: string | null): Promise<void> {
    await this.dataSource
      .getRepository(ReplayEntity)
      .update({ tenantId, id }, { status, error, finishedAt: new Date() });
  }

  /** Replays a crash interrupted, across tenants: each row names its tenant, and resumes under it. */
  interrupted(): Promise<ReplayEntity[]> {
    return this.dataSource.getRepository(ReplayEntity).findBy({ status: 'running' });
  }
}
