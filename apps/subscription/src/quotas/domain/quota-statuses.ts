import { TENANT_QUOTA_NAMES, type TenantQuotaName, type TenantQuotas } from '@hookline/contracts';
import { QUOTA_CATALOG } from './quota-catalog';

export interface QuotaStatus {
  limit: number;
  usage: number | null;
  default: number;
  overridden: boolean;
  kind: 'count' | 'perMinute';
  enforcedBy: 'subscription' | 'delivery';
  resetsAt?: string;
  usageUrl?: string;
}

export interface QuotaStatusInputs {
  limits: TenantQuotas;
  defaults: TenantQuotas;
  overrides: Record<string, number>;
  /** Usage of the quotas this service enforces. */
  usage: Partial<Record<TenantQuotaName, number>>;
  /** When the current minute's counts reset. */
  resetsAt: Date;
  /** Where delivery serves the usage of its quotas. */
  deliveryQuotasUrl: string;
}

/** Each quota's limit, default, override and usage, as a tenant or the operator reads them. */
export function quotaStatuses(inputs: QuotaStatusInputs): Record<TenantQuotaName, QuotaStatus> {
  const entries = TENANT_QUOTA_NAMES.map((name): [TenantQuotaName, QuotaStatus] => {
    const { kind, enforcedBy } = QUOTA_CATALOG[name];
    const status: QuotaStatus = {
      limit: inputs.limits[name],
      usage: enforcedBy === 'subscription' ? (inputs.usage[name] ?? 0) : null,
      default: inputs.defaults[name],
      overridden: Object.hasOwn(inputs.overrides, name),
      kind,
      enforcedBy,
    };
    if (enforcedBy === 'delivery') status.usageUrl = inputs.deliveryQuotasUrl;
    else if (kind === 'perMinute') status.resetsAt = inputs.resetsAt.toISOString();
    return [name, status];
  });
  return Object.fromEntries(entries) as Record<TenantQuotaName, QuotaStatus>;
}
