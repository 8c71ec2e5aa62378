import {
  routingRecordEndpointCapacity,
  webhookIdFor,
  type EndpointRecord,
  type HooklineEvent,
} from '@hookline/contracts';
import { validateEventRoutingRecord } from '@hookline/contracts';
import { routingRecord } from './routing-record';

const event: HooklineEvent = {
  specversion: '1.0',
  id: 'evt_1',
  source: '/s',
  type: 'customer.created',
  subject: 'cus_1',
  time: '2026-11-23T10:00:00.000Z',
  tenantid: 't1',
  datacontenttype: 'application/json',
  data: {},
};

describe('routingRecord', () => {
  it('lists 100 of 15,000 skipped endpoints and counts the rest, so the record stays small', () => {
    const skipped = Array.from({ length: 15_000 }, (_, i) => ({
      endpointId: `ep_${String(i).padStart(22, '0')}`,
      reason: 'event_type_filter' as const,
    }));
    const record = routingRecord(event, { matched: [], skipped }, true, new Date());
    expect(record.skipped).toEqual(skipped.slice(0, 100));
    expect(record.skippedOmitted).toBe(14_900);
    expect(Buffer.byteLength(JSON.stringify(record))).toBeLessThan(16 * 1024);
    expect(validateEventRoutingRecord(record).ok).toBe(true);
  });

  it('fits Kafka at the endpoint capacity the subscription API enforces (every endpoint matched)', () => {
    const capacity = routingRecordEndpointCapacity(1024 * 1024);
    const matched = Array.from({ length: capacity }, (_, i) => ({
      id: `ep_${String(i).padStart(22, '0')}`,
    })) as EndpointRecord[];
    const skipped = Array.from({ length: 100 }, (_, i) => ({
      endpointId: `ep_${String(i).padStart(22, 'x')}`,
      reason: 'entity_type_filter' as const,
    }));
    const longEvent = {
      ...event,
      id: 'e'.repeat(256),
      subject: 's'.repeat(256),
      type: `a.${'b'.repeat(126)}`,
    };
    const record = routingRecord(longEvent, { matched, skipped }, true, new Date());
    expect(Buffer.byteLength(JSON.stringify(record)) + 2_048).toBeLessThan(1024 * 1024);
  });

  it('lists matched endpoints with their webhook ids and every skipped one with its reason', () => {
    const record = routingRecord(
      event,
      {
        matched: [{ id: 'ep_a' } as EndpointRecord],
        skipped: [{ endpointId: 'ep_b', reason: 'event_type_filter' }],
      },
      true,
      new Date('2026-11-23T10:00:01Z'),
    );
    expect(record).toEqual({
      eventId: 'evt_1',
      tenantId: 't1',
      eventType: 'customer.created',
      subject: 'cus_1',
      routedAt: '2026-11-23T10:00:01.000Z',
      tenantKnown: true,
      matched: [{ endpointId: 'ep_a', webhookId: webhookIdFor('t1', 'evt_1', 'ep_a') }],
      skipped: [{ endpointId: 'ep_b', reason: 'event_type_filter' }],
    });
    expect(validateEventRoutingRecord(record).ok).toBe(true);
  });

  it('still records an event of an unknown tenant, which matched nothing', () => {
    const record = routingRecord(event, { matched: [], skipped: [] }, false, new Date());
    expect(record).toMatchObject({ tenantKnown: false, matched: [], skipped: [] });
  });
});
