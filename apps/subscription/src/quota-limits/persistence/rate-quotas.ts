import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { countQuotaUse, quotaUses } from '@hookline/database';
import { quotaWindow } from '@hookline/http';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../../config/subscription.config';
import { QuotaExceededError } from '../../errors/quota-exceeded.error';
import { CountQuotas } from './count-quotas';

const SCHEMA = 'subscription';

/** Quotas on how often a tenant does something, per minute. */
export type RateQuotaName = 'testEventsPerMinute' | 'verificationsPerMinute';

export interface RateQuotaUsage {
  used: number;
  resetsAt: Date;
}

/**
 * Per-minute quotas, counted in Postgres (`subscription.quota_windows`) so every replica shares one count:
 * one row per tenant, quota and minute, incremented only while it is under the limit.
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
    const key = { tenantId, quota: name, windowStart: window.start };
    if (await countQuotaUse(this.dataSource, SCHEMA, key, limit)) return;
    const used = await quotaUses(this.dataSource, SCHEMA, key);
    throw new QuotaExceededError({ name, limit, usage: used, resetsAt: window.resetsAt });
  }

  async usage(tenantId: string, name: RateQuotaName, now: Date = new Date()): Promise<RateQuotaUsage> {
    const window = quotaWindow(now);
    const used = await quotaUses(this.dataSource, SCHEMA, {
      tenantId,
      quota: name,
      windowStart: window.start,
    });
    return { used, resetsAt: window.resetsAt };
  }
}
