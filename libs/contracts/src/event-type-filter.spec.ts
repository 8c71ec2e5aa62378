import { eventTypeMatches, isReservedEventType } from './event-type-filter';

describe('eventTypeMatches', () => {
  it.each([
    ['*', 'conversation.deleted', true],
    ['conversation.*', 'conversation.deleted_forever', true],
    ['conversation.*', 'conversations.deleted', false],
    ['conversation.deleted', 'conversation.deleted', true],
    ['conversation.deleted', 'conversation.deleted_forever', false],
    ['webhook.*', 'webhook.endpoint.verification', true],
  ])('filter %s against %s is %s', (filter, type, expected) => {
    expect(eventTypeMatches(filter, type)).toBe(expected);
  });

  it.each(['endpoint.disabled', 'endpoint.failing', 'endpoint.created', 'webhook.endpoint.verification'])(
    'leaves the operational type %s out of `*`',
    (type) => {
      expect(eventTypeMatches('*', type)).toBe(false);
    },
  );

  it.each([
    ['endpoint.*', 'endpoint.disabled'],
    ['endpoint.*', 'endpoint.failing'],
    ['endpoint.disabled', 'endpoint.disabled'],
    ['webhook.endpoint.verification', 'webhook.endpoint.verification'],
  ])('an explicit %s filter still selects %s', (filter, type) => {
    expect(eventTypeMatches(filter, type)).toBe(true);
  });

  it('reserves only the operational prefixes, not look-alike entities', () => {
    expect(isReservedEventType('endpoints.created')).toBe(false);
    expect(eventTypeMatches('*', 'endpoints.created')).toBe(true);
    expect(eventTypeMatches('*', 'webhooks.sent')).toBe(true);
  });
});
