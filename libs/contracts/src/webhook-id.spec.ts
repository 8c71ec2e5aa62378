import { webhookIdFor } from './webhook-id';

describe('webhookIdFor', () => {
  it('is the same for the same event and endpoint, every time', () => {
    expect(webhookIdFor('t1', 'evt_1', 'ep_1')).toBe(webhookIdFor('t1', 'evt_1', 'ep_1'));
    expect(webhookIdFor('t1', 'evt_1', 'ep_1')).toMatch(/^msg_[A-Za-z0-9_-]{27}$/);
  });

  it('differs per endpoint, per event and per tenant', () => {
    const ids = new Set([
      webhookIdFor('t1', 'evt_1', 'ep_1'),
      webhookIdFor('t1', 'evt_1', 'ep_2'),
      webhookIdFor('t1', 'evt_2', 'ep_1'),
      webhookIdFor('t2', 'evt_1', 'ep_1'),
    ]);
    expect(ids.size).toBe(4);
  });
});
