/**
 * Every tenant's quotas. The subscription service holds the defaults (its `TENANT_QUOTA_*` settings, which
 * default to `DEFAULT_TENANT_QUOTAS`) and the operator's per-tenant overrides, and publishes each tenant's
 * effective limits in its `TenantRecord`, so the services that enforce some of them (delivery: replays and
 * resends) read them from their replica.
 */
export const TENANT_QUOTA_NAMES = [
  'endpoints',
  'apiKeys',
  'liveSecretsPerEndpoint',
  'eventTypes',
  'operationalSubscribers',
  'testEventsPerMinute',
  'verificationsPerMinute',
  'concurrentReplays',
  'resendsPerMinute',
] as const;

export type TenantQuotaName = (typeof TENANT_QUOTA_NAMES)[number];

export type TenantQuotas = Record<TenantQuotaName, number>;

/**
 * Sane defaults, each far above what one integration needs and low enough that one tenant cannot make a
 * record, a routing pass or a process grow without bound (docs/operations.md gives the reason for each).
 */
export const DEFAULT_TENANT_QUOTAS: TenantQuotas = {
  endpoints: 1_000,
  apiKeys: 50,
  liveSecretsPerEndpoint: 5,
  eventTypes: 500,
  operationalSubscribers: 10,
  testEventsPerMinute: 30,
  verificationsPerMinute: 10,
  concurrentReplays: 2,
  resendsPerMinute: 60,
};

export function isTenantQuotaName(name: string): name is TenantQuotaName {
  return (TENANT_QUOTA_NAMES as readonly string[]).includes(name);
}

/** A tenant's limit of one quota as its record gives it; a record from before quotas existed gives none. */
export function tenantQuotaLimit(quotas: Partial<TenantQuotas> | undefined, name: TenantQuotaName): number {
  return quotas?.[name] ?? DEFAULT_TENANT_QUOTAS[name];
}
