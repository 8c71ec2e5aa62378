import { operationalEventFilters, selectsOperationalEvents } from './ingest-operational-types';
import { validateSubscriptionRecord } from './subscription-records.schema';
import {
  DEFAULT_TENANT_QUOTAS,
  effectiveTenantQuotas,
  TENANT_QUOTA_MAXIMA,
  tenantQuotaLimit,
} from './tenant-quotas';

describe('tenant quotas', () => {
  it('takes a limit from the record, and the default when the record predates quotas', () => {
    expect(tenantQuotaLimit({ concurrentReplays: 7 }, 'concurrentReplays')).toBe(7);
    expect(tenantQuotaLimit({ concurrentReplays: 7 }, 'resendsPerMinute')).toBe(
      DEFAULT_TENANT_QUOTAS.resendsPerMinute,
    );
    expect(tenantQuotaLimit(undefined, 'endpoints')).toBe(DEFAULT_TENANT_QUOTAS.endpoints);
  });

  it('accepts a tenant record with quotas, and refuses a negative or fractional limit', () => {
    const record = {
      kind: 'tenant',
      id: 'acme',
      name: 'Acme',
      apiKeys: [],
      version: 1,
      updatedAt: '2026-12-01T10:00:00.000Z',
    };
    expect(validateSubscriptionRecord({ ...record, quotas: { concurrentReplays: 1 } }).ok).toBe(true);
    expect(validateSubscriptionRecord(record).ok).toBe(true);
    expect(validateSubscriptionRecord({ ...record, quotas: { concurrentReplays: -1 } }).ok).toBe(false);
    expect(validateSubscriptionRecord({ ...record, quotas: { concurrentReplays: 1.5 } }).ok).toBe(false);
  });
});

describe('selectsOperationalEvents', () => {
  it('is true for endpoint.* and for one operational type by name', () => {
    expect(selectsOperationalEvents(['endpoint.*'])).toBe(true);
    expect(selectsOperationalEvents(['customer.*', 'endpoint.disabled'])).toBe(true);
  });

  it('is false for * and for business types, which never receive operational events', () => {
    expect(selectsOperationalEvents(['*'])).toBe(false);
    expect(selectsOperationalEvents(['customer.*', 'endpointer.created'])).toBe(false);
    expect(selectsOperationalEvents([])).toBe(false);
  });
});

describe('effectiveTenantQuotas', () => {
  it('applies overrides over the defaults and ignores what is not a valid override', () => {
    const quotas = effectiveTenantQuotas(DEFAULT_TENANT_QUOTAS, {
      endpoints: 5_000,
      apiKeys: -1,
      eventTypes: 2.5,
      concurrentReplays: TENANT_QUOTA_MAXIMA.concurrentReplays + 1,
      resendsPerMinute: '9',
      somethingElse: 3,
    });
    expect(quotas).toEqual({ ...DEFAULT_TENANT_QUOTAS, endpoints: 5_000 });
  });
});

describe('operationalEventFilters', () => {
  it('lists exactly the single filters that select operational events', () => {
    const filters = operationalEventFilters();
    expect(filters).toEqual(expect.arrayContaining(['endpoint.*', 'endpoint.disabled']));
    const candidates = [...filters, '*', 'customer.*', 'endpoint', 'endpoints.*', 'endpoint.created.*'];
    for (const candidate of candidates) {
      expect([candidate, selectsOperationalEvents([candidate])]).toEqual([
        candidate,
        filters.includes(candidate),
      ]);
    }
  });
});
