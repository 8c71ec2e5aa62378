import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { countQuotaUse, quotaUses } from '@hookline/database';
import { quotaWindow, type QuotaUsage } from '@hookline/http';

const SCHEMA = 'delivery';

/** Per-minute tenant quotas delivery enforces, counted in `delivery.quota_windows` (shared by every replica). */
@Injectable()
export class QuotaWindowsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Counts one use; undefined when it fitted, else the quota's usage this minute (for the 429). */
  async take(tenantId: string, quota: string, limit: number, now: Date): Promise<QuotaUsage | undefined> {
    const window = quotaWindow(now);
    const key = { tenantId, quota, windowStart: window.start };
    if (await countQuotaUse(this.dataSource, SCHEMA, key, limit)) return undefined;
    return {
      name: quota,
      limit,
      usage: await quotaUses(this.dataSource, SCHEMA, key),
      resetsAt: window.resetsAt,
    };
  }

  async usage(tenantId: string, quota: string, now: Date): Promise<{ used: number; resetsAt: Date }> {
    const window = quotaWindow(now);
    const used = await quotaUses(this.dataSource, SCHEMA, { tenantId, quota, windowStart: window.start });
    return { used, resetsAt: window.resetsAt };
  }
}
