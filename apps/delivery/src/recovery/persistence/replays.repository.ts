import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReplayEntity, type ReplayStatus } from './replay.entity';

/** Replay jobs. Reads and updates are scoped to the tenant that asked for the replay. */
@Injectable()
export class ReplaysRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async create(replay: ReplayEntity): Promise<ReplayEntity> {
    await this.dataSource.getRepository(ReplayEntity).insert(replay);
    return replay;
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
