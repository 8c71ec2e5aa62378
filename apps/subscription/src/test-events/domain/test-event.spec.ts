import { validateHooklineEvent } from '@hookline/contracts';
import { attemptsLink, testEvent } from './test-event';

describe('test events', () => {
  it('are canonical events aimed at one endpoint', () => {
    const event = testEvent({
      eventId: 'evt_test_1',
      tenantId: 'acme',
      endpointId: 'ep_1',
      type: 'customer.created',
      subject: 'cus_test',
      data: { name: 'Test Customer' },
      now: new Date('2026-11-23T10:00:00Z'),
    });
    expect(validateHooklineEvent(event)).toEqual({ ok: true, value: event });
    expect(event.targetendpointid).toBe('ep_1');
  });

  it('link to the delivery service’s attempts of that event at that endpoint', () => {
    expect(attemptsLink('https://delivery.example.com', 'evt_test_1', 'ep_1')).toBe(
      'https://delivery.example.com/v1/attempts?eventId=evt_test_1&endpointId=ep_1',
    );
  });
});
