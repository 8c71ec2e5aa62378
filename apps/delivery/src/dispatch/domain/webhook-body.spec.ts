import type { HooklineEvent } from '@hookline/contracts';
import { webhookBody } from './webhook-body';

const event: HooklineEvent = {
  specversion: '1.0',
  id: 'evt_1',
  source: '/s',
  type: 'customer.created',
  subject: 'c1',
  time: '2026-11-23T10:00:00.000Z',
  tenantid: 't1',
  datacontenttype: 'application/json',
  data: { name: 'Ada' },
};

describe('webhookBody', () => {
  it('is the canonical envelope', () => {
    expect(JSON.parse(webhookBody(event))).toEqual(event);
  });

  it('never shows receivers the internal targetendpointid', () => {
    expect(JSON.parse(webhookBody({ ...event, targetendpointid: 'ep_1' }))).toEqual(event);
  });
});
