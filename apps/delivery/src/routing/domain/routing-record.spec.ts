import { webhookIdFor, type EndpointRecord, type HooklineEvent } from '@hookline/contracts';
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
