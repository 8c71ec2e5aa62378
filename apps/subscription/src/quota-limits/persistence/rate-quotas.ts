import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { quotaWindow } from '@hookline/http';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../../config/subscription.config';
import { QuotaExceededError } from '../../errors/quota-exceeded.error';
import { CountQuotas } from './count-quotas';

/** Quotas on how often a tenant does something, per minute. */
export type RateQuotaName = 'testEventsPerMinute' | 'verificationsPerMinute';

export interface RateQuotaUsage {
  used: number;
  resetsAt: Date;
}

/**
 * Per-minute quotas, counted in Postgres so every replica shares one count: one row per tenant, quota and
 * minute, incremented only while it is under the limit (a single statement, so concurrent requests cannot
 * both take the last one). Rows of past minutes are deleted as the next one starts.
 */
@Injectable()
export class RateQuotas {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly countQuotas: CountQuotas,
    @Inject(SUBSCRIPTION_CONFIG) private readonly config: SubscriptionConfig,
  ) {}

  /** Counts one use, or throws `QuotaExceededError` (429 with Retry-After) when the minute's limit is used. */
  async take(tenantId: string, name: RateQuotaName, now: Date = new Date()): Promise<void> {
    const limit =
      (await this.countQuotas.read(this.dataSource.manager, tenantId))?.[name] ??
      this.config.quotaDefaults[name];
    const window = quotaWindow(now);
    await this.dataSource.query(
      `DELETE FROM subscription.quota_windows WHERE tenant_id = $1 AND quota = $2 AND window_start < $3`,
      [tenantId, name, window.start],
    );
    const counted: Array<{ used: number }> =
      limit <= 0
        ? []
        : await this.dataSource.query(
            `INSERT INTO subscription.quota_windows AS w (tenant_id, quota, window_start, used)
             VALUES ($1, $2, $3, 1)
             ON CONFLICT (tenant_id, quota, window_start) DO UPDATE SET used = w.used + 1 WHERE w.used < $4
             RETURNING used`,
            [tenantId, name, window.start, limit],
          );
    if (counted.length > 0) return;
    const { used } = await this.usage(tenantId, name, now);
    throw new QuotaExceededError({ name, limit, usage: used, resetsAt: window.resetsAt });
  }

  async usage(tenantId: string, name: RateQuotaName, now: Date = new Date()): Promise<RateQuotaUsage> {
    const window = quotaWindow(now);
    const rows: Array<{ used: number }> = await this.dataSource.query(
      `SELECT used FROM subscription.quota_windows WHERE tenant_id = $1 AND quota = $2 AND window_start = $3`,
      [tenantId, name, window.start],
    );
    return { used: rows[0]?.used ?? 0, resetsAt: window.resetsAt };
  }
}
