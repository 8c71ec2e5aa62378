import type { EndpointRecord, TenantRecord } from '@hookline/contracts';
import { hashApiKey } from '@hookline/webhook-crypto';
import { SubscriptionState } from './subscription-state';

const at = '2026-11-23T10:00:00.000Z';

function endpoint(overrides: Partial<EndpointRecord> = {}): EndpointRecord {
  return {
    kind: 'endpoint',
    id: 'ep_1',
    tenantId: 't1',
    url: 'https://example.com/hooks',
    description: '',
    eventTypes: ['*'],
    entityTypes: [],
    headers: {},
    rateLimitPerSecond: null,
    enabled: true,
    disabledReason: null,
    secrets: [],
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

function tenant(keys: Array<{ key: string; revoked?: boolean }>, version = 1): TenantRecord {
  return {
    kind: 'tenant',
    id: 't1',
    name: 'T1',
    apiKeys: keys.map(({ key, revoked }, index) => ({
      id: `key_${index}`,
      hash: hashApiKey(key),
      revokedAt: revoked === true ? at : null,
    })),
    version,
    createdAt: at,
    updatedAt: at,
  };
}

describe('SubscriptionState', () => {
  it('indexes endpoints by tenant and drops them on a tombstone', () => {
    const state = new SubscriptionState();
    state.applyRecord('ep_1', endpoint());
    state.applyRecord('ep_2', endpoint({ id: 'ep_2', tenantId: 't2' }));
    expect(state.endpointsOfTenant('t1').map((e) => e.id)).toEqual(['ep_1']);
    state.applyRecord('ep_1', null);
    expect(state.endpointsOfTenant('t1')).toEqual([]);
    expect(state.endpoint('ep_2')?.tenantId).toBe('t2');
  });

  it('never lets an older version replace a newer one', () => {
    const state = new SubscriptionState();
    state.applyRecord('ep_1', endpoint({ version: 3, url: 'https://new.example.com' }));
    expect(
      state.applyRecord('ep_1', endpoint({ version: 2, url: 'https://old.example.com' })),
    ).toBeUndefined();
    expect(state.endpoint('ep_1')?.url).toBe('https://new.example.com');
  });

  it('authenticates unrevoked API keys only, and forgets a key once it is revoked', () => {
    const state = new SubscriptionState();
    state.applyRecord('tenant:t1', tenant([{ key: 'hk_live' }, { key: 'hk_revoked', revoked: true }]));
    expect(state.tenantIdForKeyHash(hashApiKey('hk_live'))).toBe('t1');
    expect(state.tenantIdForKeyHash(hashApiKey('hk_revoked'))).toBeUndefined();
    state.applyRecord('tenant:t1', tenant([{ key: 'hk_live', revoked: true }], 2));
    expect(state.tenantIdForKeyHash(hashApiKey('hk_live'))).toBeUndefined();
  });

  it('removes a tenant and its keys on a tenant tombstone', () => {
    const state = new SubscriptionState();
    state.applyRecord('tenant:t1', tenant([{ key: 'hk_live' }]));
    state.applyRecord('tenant:t1', null);
    expect(state.tenant('t1')).toBeUndefined();
    expect(state.tenantIdForKeyHash(hashApiKey('hk_live'))).toBeUndefined();
  });
});
