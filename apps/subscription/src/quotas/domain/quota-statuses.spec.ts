import { DEFAULT_TENANT_QUOTAS } from '@hookline/contracts';
import { quotaStatuses } from './quota-statuses';

describe('quotaStatuses', () => {
  const statuses = quotaStatuses({
    limits: { ...DEFAULT_TENANT_QUOTAS, endpoints: 5, concurrentReplays: 4 },
    defaults: DEFAULT_TENANT_QUOTAS,
    overrides: { endpoints: 5, concurrentReplays: 4 },
    usage: { endpoints: 3, testEventsPerMinute: 2 },
    resetsAt: new Date('2026-12-01T10:01:00.000Z'),
    deliveryQuotasUrl: 'https://delivery.example.com/v1/quotas/delivery',
  });

  it('gives a count quota its limit, usage, default and whether the operator overrode it', () => {
    expect(statuses.endpoints).toEqual({
      limit: 5,
      usage: 3,
      default: DEFAULT_TENANT_QUOTAS.endpoints,
      overridden: true,
      kind: 'count',
      enforcedBy: 'subscription',
    });
    expect(statuses.apiKeys).toMatchObject({ usage: 0, overridden: false });
  });

  it('gives a per-minute quota this minute’s count and when it resets', () => {
    expect(statuses.testEventsPerMinute).toMatchObject({
      kind: 'perMinute',
      usage: 2,
      resetsAt: '2026-12-01T10:01:00.000Z',
    });
  });

  it("points delivery's quotas at delivery for their usage", () => {
    expect(statuses.concurrentReplays).toEqual({
      limit: 4,
      usage: null,
      default: DEFAULT_TENANT_QUOTAS.concurrentReplays,
      overridden: true,
      kind: 'count',
      enforcedBy: 'delivery',
      usageUrl: 'https://delivery.example.com/v1/quotas/delivery',
    });
  });
});
