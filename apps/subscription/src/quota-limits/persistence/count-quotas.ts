import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  effectiveTenantQuotas,
  operationalEventFilters,
  routingRecordEndpointCapacity,
  type TenantQuotas,
} from '@hookline/contracts';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../../config/subscription.config';
import { QuotaExceededError } from '../../errors/quota-exceeded.error';

/** Quotas on how many of something a tenant has; each is counted from the tables, never kept as a counter. */
export type CountQuotaName = 'endpoints' | 'apiKeys' | 'eventTypes' | 'operationalSubscribers';

const USAGE_QUERIES: Record<CountQuotaName, string> = {
  endpoints: `SELECT count(*)::int AS n FROM subscription.endpoints WHERE tenant_id = $1`,
  apiKeys: `SELECT count(*)::int AS n FROM subscription.api_keys WHERE tenant_id = $1 AND revoked_at IS NULL`,
  eventTypes: `SELECT count(*)::int AS n FROM subscription.event_types WHERE tenant_id = $1`,
  operationalSubscribers: `SELECT count(*)::int AS n FROM subscription.endpoints
                            WHERE tenant_id = $1 AND event_types && $2::text[]`,
};

/**
 * The tenant's limits, and the check that one more still fits. Called inside the transaction that creates
 * the thing: `lock` takes the tenant row FOR UPDATE, so two concurrent creations of one tenant queue there
 * and the second counts what the first committed; two cannot both take the last slot.
 */
@Injectable()
export class CountQuotas {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SUBSCRIPTION_CONFIG) private readonly config: SubscriptionConfig,
  ) {}

  /** The tenant's limits and the operator's overrides behind them, outside any transaction (for reading). */
  async limitsOf(
    tenantId: string,
  ): Promise<{ quotas: TenantQuotas; overrides: Record<string, number> } | undefined> {
    const rows: Array<{ quota_overrides: Record<string, number> }> = await this.dataSource.query(
      `SELECT quota_overrides FROM subscription.tenants WHERE id = $1`,
      [tenantId],
    );
    if (rows.length === 0) return undefined;
    const overrides = rows[0].quota_overrides;
    return { quotas: this.effective(overrides), overrides };
  }

  /** Every count quota's usage, and live secrets per endpoint, outside any transaction (for reading). */
  async usageOf(
    tenantId: string,
    now: Date,
  ): Promise<Record<CountQuotaName | 'liveSecretsPerEndpoint', number>> {
    const manager = this.dataSource.manager;
    const [endpoints, apiKeys, eventTypes, operationalSubscribers, liveSecretsPerEndpoint] =
      await Promise.all([
        this.usage(manager, tenantId, 'endpoints'),
        this.usage(manager, tenantId, 'apiKeys'),
        this.usage(manager, tenantId, 'eventTypes'),
        this.usage(manager, tenantId, 'operationalSubscribers'),
        this.liveSecretsUsage(manager, tenantId, now),
      ]);
    return { endpoints, apiKeys, eventTypes, operationalSubscribers, liveSecretsPerEndpoint };
  }

  /** Locks the tenant row for the rest of the transaction; undefined when there is no such tenant. */
  lock(manager: EntityManager, tenantId: string): Promise<TenantQuotas | undefined> {
    return this.limits(manager, tenantId, 'FOR UPDATE');
  }

  /** The limits without a lock (for checks that another lock already serialises, and for reading). */
  read(manager: EntityManager, tenantId: string): Promise<TenantQuotas | undefined> {
    return this.limits(manager, tenantId, '');
  }

  async usage(manager: EntityManager, tenantId: string, name: CountQuotaName): Promise<number> {
    const parameters = name === 'operationalSubscribers' ? [tenantId, operationalEventFilters()] : [tenantId];
    const rows: Array<{ n: number }> = await manager.query(USAGE_QUERIES[name], parameters);
    return rows[0]?.n ?? 0;
  }

  /** Throws `QuotaExceededError` unless one more fits; call after `lock` in the same transaction. */
  async ensureRoom(
    manager: EntityManager,
    tenantId: string,
    quotas: TenantQuotas,
    name: CountQuotaName,
  ): Promise<void> {
    const usage = await this.usage(manager, tenantId, name);
    if (usage < quotas[name]) return;
    const capped = name === 'endpoints' && quotas.endpoints === this.endpointCapacity();
    throw new QuotaExceededError({
      name,
      limit: quotas[name],
      usage,
      ...(capped ? { hint: this.endpointCapacityHint() } : {}),
    });
  }

  /**
   * The tenant's quotas as they apply: endpoints never beyond what one event's routing record can list within
   * Kafka's record limit (KAFKA_MAX_MESSAGE_BYTES), whatever the operator's override says.
   */
  private effective(overrides: Record<string, unknown>): TenantQuotas {
    const quotas = effectiveTenantQuotas(this.config.quotaDefaults, overrides);
    return { ...quotas, endpoints: Math.min(quotas.endpoints, this.endpointCapacity()) };
  }

  private endpointCapacity(): number {
    return routingRecordEndpointCapacity(this.config.topicProvisioning.maxMessageBytes);
  }

  private endpointCapacityHint(): string {
    const bytes = this.config.topicProvisioning.maxMessageBytes;
    return `one event's routing record lists every endpoint it matches and must fit the ${bytes}-byte Kafka record limit`;
  }

  /** The most secrets signing at once on any one of the tenant's endpoints. */
  async liveSecretsUsage(manager: EntityManager, tenantId: string, now: Date): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `SELECT coalesce(max(n), 0)::int AS n FROM (
         SELECT count(*) AS n
           FROM subscription.endpoint_secrets s JOIN subscription.endpoints e ON e.id = s.endpoint_id
          WHERE e.tenant_id = $1 AND (s.expires_at IS NULL OR s.expires_at > $2)
          GROUP BY s.endpoint_id) live`,
      [tenantId, now],
    );
    return rows[0]?.n ?? 0;
  }

  private async limits(
    manager: EntityManager,
    tenantId: string,
    lock: 'FOR UPDATE' | '',
  ): Promise<TenantQuotas | undefined> {
    const rows: Array<{ quota_overrides: Record<string, unknown> }> = await manager.query(
      `SELECT quota_overrides FROM subscription.tenants WHERE id = $1 ${lock}`,
      [tenantId],
    );
    if (rows.length === 0) return undefined;
    return this.effective(rows[0].quota_overrides);
  }
}
