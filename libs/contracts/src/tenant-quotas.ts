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

/**
 * The highest value a default or an operator's override may take. Not what tenants get (that is far lower by
 * default): they keep an override from undoing what the quotas are for, a tenant record that fits a Kafka
 * record (live API keys), a signature header of sane size (live secrets), a bounded routing pass per event
 * and replica memory (endpoints, event types).
 */
export const TENANT_QUOTA_MAXIMA: TenantQuotas = {
  endpoints: 100_000,
  apiKeys: 1_000,
  liveSecretsPerEndpoint: 20,
  eventTypes: 10_000,
  operationalSubscribers: 1_000,
  testEventsPerMinute: 100_000,
  verificationsPerMinute: 100_000,
  concurrentReplays: 100,
  resendsPerMinute: 100_000,
};

export function isTenantQuotaName(name: string): name is TenantQuotaName {
  return (TENANT_QUOTA_NAMES as readonly string[]).includes(name);
}

/** A tenant's limit of one quota as its record gives it; a record from before quotas existed gives none. */
export function tenantQuotaLimit(quotas: Partial<TenantQuotas> | undefined, name: TenantQuotaName): number {
  return quotas?.[name] ?? DEFAULT_TENANT_QUOTAS[name];
}

/**
 * The defaults with the tenant's overrides applied. Overrides are read from storage, so anything that is not a
 * known quota with a whole number in range is ignored rather than trusted.
 */
export function effectiveTenantQuotas(
  defaults: TenantQuotas,
  overrides: Record<string, unknown>,
): TenantQuotas {
  const quotas = { ...defaults };
  for (const name of TENANT_QUOTA_NAMES) {
    const value = overrides[name];
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 0 &&
      value <= TENANT_QUOTA_MAXIMA[name]
    )
      quotas[name] = value;
  }
  return quotas;
}
