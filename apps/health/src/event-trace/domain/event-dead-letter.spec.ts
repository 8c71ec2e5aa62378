import { eventDeadLetterOf } from './event-dead-letter';

const headers = (overrides: Record<string, string | undefined> = {}) => {
  const values: Record<string, string> = Object.fromEntries(
    Object.entries({
      'hookline-dlq-reason': 'value: is empty',
      'hookline-dlq-source-topic': 'hookline.events.v1',
      'hookline-dlq-source-partition': '2',
      'hookline-dlq-source-offset': '41',
      'hookline-dlq-at': '2026-11-23T10:00:00.000Z',
      'hookline-dlq-reason-class': 'invalid',
      'hookline-dlq-consumer': 'delivery.events',
      'hookline-dlq-tenant-id': 'ten_1',
      'hookline-dlq-event-id': 'evt_1',
      ...overrides,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return (name: string): string | undefined => values[name];
};

describe('eventDeadLetterOf', () => {
  it("reads a consumer's dead letter that names a tenant event", () => {
    expect(eventDeadLetterOf(headers())).toEqual({
      tenantId: 'ten_1',
      eventId: 'evt_1',
      sourceTopic: 'hookline.events.v1',
      sourcePartition: 2,
      sourceOffset: '41',
      consumer: 'delivery.events',
      reasonClass: 'invalid',
      reason: 'value: is empty',
      deadLetteredAt: new Date('2026-11-23T10:00:00.000Z'),
    });
  });

  it('ignores dead letters that name no event, and exhausted deliveries (they are in the attempt log)', () => {
    expect(eventDeadLetterOf(headers({ 'hookline-dlq-event-id': undefined }))).toBeUndefined();
    expect(eventDeadLetterOf(headers({ 'hookline-dlq-consumer': undefined }))).toBeUndefined();
    expect(eventDeadLetterOf(headers({ 'hookline-dlq-source-offset': 'x' }))).toBeUndefined();
    expect(eventDeadLetterOf(() => undefined)).toBeUndefined();
  });
});
