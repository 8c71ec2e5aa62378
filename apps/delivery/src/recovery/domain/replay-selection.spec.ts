import type { EndpointRecord, HooklineEvent } from '@hookline/contracts';
import { replaySelects } from './replay-selection';

const endpoint = {
  id: 'ep_1',
  tenantId: 't1',
  enabled: false,
  eventTypes: ['customer.*'],
  entityTypes: [],
  createdAt: '2026-11-23T10:00:00.000Z',
} as unknown as EndpointRecord;
const event = (overrides: Partial<HooklineEvent> = {}) =>
  ({ id: 'e', type: 'customer.created', tenantid: 't1', ...overrides }) as HooklineEvent;
const after = Date.parse('2026-11-23T11:00:00Z');

describe('replaySelects', () => {
  it('selects the tenant’s events the endpoint subscribes to, written after it existed', () => {
    expect(replaySelects(event(), after, endpoint)).toBe(true);
  });

  it.each([
    ['another tenant’s event', event({ tenantid: 't2' }), after],
    ['a type it does not subscribe to', event({ type: 'order.created' }), after],
    ['an event from before the endpoint existed', event(), Date.parse('2026-11-23T09:00:00Z')],
    ['an event aimed at another endpoint', event({ targetendpointid: 'ep_2' }), after],
  ])('skips %s', (_what, candidate, timestamp) => {
    expect(replaySelects(candidate, timestamp, endpoint)).toBe(false);
  });
});
