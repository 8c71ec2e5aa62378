import type { TenantQuotaName } from '@hookline/contracts';

export interface QuotaKind {
  /** `count`: how many exist at once; `perMinute`: how many per minute (fixed windows, UTC). */
  kind: 'count' | 'perMinute';
  /** The service that enforces it, and so knows its usage. */
  enforcedBy: 'subscription' | 'delivery';
}

/** What each quota is and who enforces it (docs/operations.md, "Quotas and rate limits", says why). */
export const QUOTA_CATALOG: Record<TenantQuotaName, QuotaKind> = {
  endpoints: { kind: 'count', enforcedBy: 'subscription' },
  apiKeys: { kind: 'count', enforcedBy: 'subscription' },
  liveSecretsPerEndpoint: { kind: 'count', enforcedBy: 'subscription' },
  eventTypes: { kind: 'count', enforcedBy: 'subscription' },
  operationalSubscribers: { kind: 'count', enforcedBy: 'subscription' },
  testEventsPerMinute: { kind: 'perMinute', enforcedBy: 'subscription' },
  verificationsPerMinute: { kind: 'perMinute', enforcedBy: 'subscription' },
  concurrentReplays: { kind: 'count', enforcedBy: 'delivery' },
  resendsPerMinute: { kind: 'perMinute', enforcedBy: 'delivery' },
};
