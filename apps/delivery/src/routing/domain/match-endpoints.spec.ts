import type { EndpointRecord } from '@hookline/contracts';
import { matchEndpoints } from './match-endpoints';

function endpoint(id: string, overrides: Partial<EndpointRecord> = {}): EndpointRecord {
  return {
    kind: 'endpoint',
    id,
    tenantId: 't1',
    url: 'https://example.com',
    description: '',
    eventTypes: ['*'],
    entityTypes: [],
    headers: {},
    rateLimitPerSecond: null,
    enabled: true,
    disabledReason: null,
    secrets: [],
    version: 1,
    createdAt: '2026-11-23T10:00:00Z',
    updatedAt: '2026-11-23T10:00:00Z',
    ...overrides,
  };
}

describe('matchEndpoints', () => {
  it('explains every endpoint it did not match', () => {
    const decision = matchEndpoints({ type: 'conversation.deleted' }, [
      endpoint('all'),
      endpoint('off', { enabled: false }),
      endpoint('customers', { eventTypes: ['customer.*'] }),
      endpoint('tickets-only', { entityTypes: ['ticket'] }),
      endpoint('conversations', { eventTypes: ['conversation.*'], entityTypes: ['conversation'] }),
    ]);
    expect(decision.matched.map((e) => e.id)).toEqual(['all', 'conversations']);
    expect(decision.skipped).toEqual([
      { endpointId: 'off', reason: 'disabled' },
      { endpointId: 'customers', reason: 'event_type_filter' },
      { endpointId: 'tickets-only', reason: 'entity_type_filter' },
    ]);
  });

  it('sends operational events (endpoint.disabled) to endpoints that name them, not to `*` ones', () => {
    const decision = matchEndpoints({ type: 'endpoint.disabled' }, [
      endpoint('all'),
      endpoint('ops', { eventTypes: ['endpoint.*'] }),
      endpoint('disabled-notices', { eventTypes: ['endpoint.disabled'] }),
      endpoint('failing-notices', { eventTypes: ['endpoint.failing'] }),
      endpoint('all-and-ops', { eventTypes: ['*', 'endpoint.*'] }),
    ]);
    expect(decision.matched.map((e) => e.id)).toEqual(['ops', 'disabled-notices', 'all-and-ops']);
    expect(decision.skipped).toEqual([
      { endpointId: 'all', reason: 'event_type_filter' },
      { endpointId: 'failing-notices', reason: 'event_type_filter' },
    ]);
  });
});

describe('matchEndpoints for an event aimed at one endpoint (targetendpointid)', () => {
  it('goes to that endpoint alone, whatever its filters, and explains every other one', () => {
    const decision = matchEndpoints({ type: 'conversation.deleted', targetendpointid: 'target' }, [
      endpoint('target', { eventTypes: ['customer.*'], entityTypes: ['customer'] }),
      endpoint('other'),
    ]);
    expect(decision.matched.map((e) => e.id)).toEqual(['target']);
    expect(decision.skipped).toEqual([{ endpointId: 'other', reason: 'not_targeted' }]);
  });

  it('never to a disabled endpoint, and to nobody when the target is not the tenant’s', () => {
    expect(
      matchEndpoints({ type: 'a.b', targetendpointid: 'off' }, [endpoint('off', { enabled: false })]).skipped,
    ).toEqual([{ endpointId: 'off', reason: 'disabled' }]);
    expect(
      matchEndpoints({ type: 'a.b', targetendpointid: 'elsewhere' }, [endpoint('mine')]).matched,
    ).toEqual([]);
  });
});
