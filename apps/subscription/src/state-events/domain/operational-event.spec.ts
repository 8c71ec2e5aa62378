import { validateIngestEvent } from '@hookline/contracts';
import { decisionOccurrence, endpointOperationalEvent, type EndpointSnapshot } from './operational-event';

const endpoint = (overrides: Partial<EndpointSnapshot> = {}): EndpointSnapshot => ({
  id: 'ep_0123456789abcdefghijkl',
  tenantId: 'acme',
  url: 'https://hooks.example.com/in',
  description: 'billing',
  eventTypes: ['customer.*'],
  entityTypes: [],
  headers: { authorization: 'Bearer receiver-token' },
  rateLimitPerSecond: null,
  enabled: false,
  disabledReason: 'no success for 5 days',
  version: 7,
  ...overrides,
});

describe('endpointOperationalEvent', () => {
  it('is a valid ingest event about the endpoint, with a deterministic id', () => {
    const event = endpointOperationalEvent({
      action: 'disabled',
      endpoint: endpoint(),
      occurredAt: new Date('2026-11-23T10:00:00Z'),
      occurrence: '7',
      details: { reason: 'no success for 5 days' },
    });
    expect(validateIngestEvent(event)).toEqual({ ok: true, value: event });
    expect(event).toMatchObject({
      id: 'endpoint.disabled:ep_0123456789abcdefghijkl:7',
      type: 'endpoint.disabled',
      subject: 'ep_0123456789abcdefghijkl',
      tenant: 'acme',
      time: '2026-11-23T10:00:00.000Z',
      data: { endpointId: 'ep_0123456789abcdefghijkl', enabled: false, reason: 'no success for 5 days' },
    });
  });

  it('names custom headers but never carries their values', () => {
    const event = endpointOperationalEvent({
      action: 'updated',
      endpoint: endpoint(),
      occurredAt: new Date(),
      occurrence: '8',
    });
    expect(event.data.headerNames).toEqual(['authorization']);
    expect(JSON.stringify(event)).not.toContain('receiver-token');
  });

  it('derives an id-safe occurrence from any decision id', () => {
    const occurrence = decisionOccurrence('health decision #42 / with spaces');
    expect(occurrence).toMatch(/^[0-9a-f]{20}$/);
    expect(decisionOccurrence('health decision #42 / with spaces')).toBe(occurrence);
    const event = endpointOperationalEvent({
      action: 'failing',
      endpoint: endpoint(),
      occurredAt: new Date(),
      occurrence,
    });
    expect(validateIngestEvent(event).ok).toBe(true);
  });
});
