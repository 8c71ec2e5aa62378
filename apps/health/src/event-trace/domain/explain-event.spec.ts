import { routingRecordOf } from '../../../test/factories';
import type { LoggedAttempt } from '../../projection/domain/logged-attempt';
import { explainEvent, type EndpointNow } from './explain-event';

function attempt(overrides: Partial<LoggedAttempt>): LoggedAttempt {
  return {
    endpointId: 'ep_a',
    webhookId: 'msg_a',
    attempt: 1,
    startedAt: new Date('2026-11-23T10:00:01Z'),
    durationMs: 30,
    result: 'succeeded',
    statusCode: 200,
    errorClass: null,
    errorMessage: null,
    responseBody: null,
    nextAttemptAt: null,
    exhausted: false,
    trigger: 'event',
    ...overrides,
  };
}

const endpointNow = (overrides: Partial<EndpointNow> = {}): EndpointNow => ({
  state: 'healthy',
  enabled: true,
  disabledReason: null,
  eventTypes: ['*'],
  entityTypes: [],
  ...overrides,
});

describe('explainEvent', () => {
  it('has nothing to say about an event Hookline never saw', () => {
    expect(
      explainEvent({ eventId: 'e', tenantId: 't1', routing: null, attempts: [], endpoints: new Map() }),
    ).toBeUndefined();
  });

  it('explains a delivered event attempt by attempt', () => {
    const trace = explainEvent({
      eventId: 'evt_1',
      tenantId: 't1',
      routing: routingRecordOf({ matched: [{ endpointId: 'ep_a', webhookId: 'msg_a' }] }),
      attempts: [
        attempt({ result: 'failed', statusCode: 503, nextAttemptAt: new Date('2026-11-23T10:00:06Z') }),
        attempt({ attempt: 2, startedAt: new Date('2026-11-23T10:00:06Z') }),
      ],
      endpoints: new Map([['ep_a', endpointNow()]]),
    });
    expect(trace).toMatchObject({
      status: 'delivered',
      routingRecorded: true,
      summary: 'delivered to all 1 matched endpoint(s)',
    });
    expect(trace?.deliveries[0]).toMatchObject({
      endpointId: 'ep_a',
      status: 'delivered',
      deliveredAt: new Date('2026-11-23T10:00:06Z'),
      explanation: 'delivered on attempt 2 (HTTP 200)',
    });
    expect(trace?.deliveries[0].attempts.map((a) => a.result)).toEqual(['failed', 'succeeded']);
  });

  it('says when a delivery succeeded only on a resend', () => {
    const trace = explainEvent({
      eventId: 'e',
      tenantId: 't1',
      routing: routingRecordOf({ matched: [{ endpointId: 'ep_a', webhookId: 'msg_a' }] }),
      attempts: [
        attempt({ result: 'failed', statusCode: 500, exhausted: true }),
        attempt({ attempt: 2, trigger: 'resend', startedAt: new Date('2026-11-24T08:00:00Z') }),
      ],
      endpoints: new Map(),
    });
    expect(trace?.deliveries[0].explanation).toBe('delivered on attempt 2 (HTTP 200, by a resend)');
  });

  it('tells a retrying delivery from one that failed for good', () => {
    const routing = routingRecordOf({
      matched: [
        { endpointId: 'ep_a', webhookId: 'msg_a' },
        { endpointId: 'ep_b', webhookId: 'msg_b' },
      ],
    });
    const retrying = attempt({
      result: 'failed',
      statusCode: 503,
      nextAttemptAt: new Date('2026-11-23T10:05:00Z'),
    });
    const deadLettered = attempt({
      endpointId: 'ep_b',
      result: 'failed',
      statusCode: null,
      errorClass: 'timeout',
      errorMessage: 'no answer',
      exhausted: true,
    });
    const inProgress = explainEvent({
      eventId: 'e',
      tenantId: 't1',
      routing,
      attempts: [retrying, deadLettered],
      endpoints: new Map(),
    });
    expect(inProgress?.status).toBe('in_progress');
    expect(inProgress?.deliveries.map((d) => d.status)).toEqual(['retrying', 'failed']);
    expect(inProgress?.deliveries[0].explanation).toContain('next attempt at 2026-11-23T10:05:00.000Z');
    expect(inProgress?.deliveries[1].explanation).toContain('timeout: no answer');
    const allFailed = explainEvent({
      eventId: 'e',
      tenantId: 't1',
      routing,
      attempts: [{ ...retrying, exhausted: true, nextAttemptAt: null }, deadLettered],
      endpoints: new Map(),
    });
    expect(allFailed?.status).toBe('failed');
  });

  it('says why every other endpoint was skipped, using what is known about it now', () => {
    const trace = explainEvent({
      eventId: 'e',
      tenantId: 't1',
      routing: routingRecordOf({
        eventType: 'conversation.deleted',
        skipped: [
          { endpointId: 'ep_off', reason: 'disabled' },
          { endpointId: 'ep_customers', reason: 'event_type_filter' },
          { endpointId: 'ep_tickets', reason: 'entity_type_filter' },
          { endpointId: 'ep_other', reason: 'not_targeted' },
        ],
      }),
      attempts: [],
      endpoints: new Map([
        ['ep_off', endpointNow({ enabled: false, disabledReason: 'endpoint answered 410 Gone' })],
        ['ep_customers', endpointNow({ eventTypes: ['customer.*'] })],
        ['ep_tickets', endpointNow({ entityTypes: ['ticket'] })],
      ]),
    });
    expect(trace).toMatchObject({
      status: 'no_match',
      summary: expect.stringContaining("none of the tenant's 4 endpoint(s)") as string,
    });
    expect(trace?.notMatched.map((s) => s.explanation)).toEqual([
      'the endpoint was disabled when the event was routed (reason now on record: endpoint answered 410 Gone)',
      'its event-type filter [customer.*] does not include conversation.deleted',
      'it takes only entity types [ticket]; this event is about a conversation',
      'the event was addressed to specific endpoints, and not to this one',
    ]);
  });

  it('explains that `*` leaves out operational events such as endpoint.disabled', () => {
    const trace = explainEvent({
      eventId: 'endpoint.disabled:ep_x:2',
      tenantId: 't1',
      routing: routingRecordOf({
        eventType: 'endpoint.disabled',
        skipped: [{ endpointId: 'ep_all', reason: 'event_type_filter' }],
      }),
      attempts: [],
      endpoints: new Map([['ep_all', endpointNow({ eventTypes: ['*'] })]]),
    });
    expect(trace?.notMatched[0].explanation).toBe(
      "its event-type filter [*] does not include endpoint.disabled: `*` leaves out Hookline's operational types (endpoint.*, webhook.*); subscribe to them by name",
    );
  });

  it('counts the skipped endpoints a routing record did not list (it lists the first 100)', () => {
    const trace = explainEvent({
      eventId: 'e',
      tenantId: 't1',
      routing: routingRecordOf({
        skipped: [{ endpointId: 'ep_listed', reason: 'event_type_filter' }],
        skippedOmitted: 14_999,
      }),
      attempts: [],
      endpoints: new Map(),
    });
    expect(trace?.notMatched.map((skip) => skip.endpointId)).toEqual(['ep_listed']);
    expect(trace?.summary).toBe(
      "the event matched none of the tenant's 15000 endpoint(s); notMatched says why for the first 1",
    );
  });

  it('says so when an event matched nothing because the tenant had no endpoints, or was unknown', () => {
    const none = explainEvent({
      eventId: 'e',
      tenantId: 't1',
      routing: routingRecordOf(),
      attempts: [],
      endpoints: new Map(),
    });
    expect(none).toMatchObject({
      status: 'no_match',
      summary: 'the event matched no endpoint: the tenant had no endpoints when it was routed',
    });
    const unknown = explainEvent({
      eventId: 'e',
      tenantId: 't1',
      routing: routingRecordOf({ tenantKnown: false }),
      attempts: [],
      endpoints: new Map(),
    });
    expect(unknown?.status).toBe('tenant_unknown');
  });

  it('still explains attempts when delivery did not record how it routed the event', () => {
    const trace = explainEvent({
      eventId: 'e',
      tenantId: 't1',
      routing: null,
      attempts: [attempt({})],
      endpoints: new Map(),
    });
    expect(trace).toMatchObject({ status: 'delivered', routingRecorded: false });
    expect(trace?.deliveries[0]).toMatchObject({ matchedByRouting: false, webhookId: 'msg_a' });
    expect(trace?.summary).toContain('no routing record');
  });
});

describe('explainEvent with dead letters', () => {
  const deadLetter = {
    tenantId: 't1',
    eventId: 'evt_dead',
    sourceTopic: 'hookline.ingest.v1',
    sourcePartition: 0,
    sourceOffset: '7',
    consumer: 'producer.ingest',
    reasonClass: 'invalid',
    reason: 'data.amount: must be number',
    deadLetteredAt: new Date('2026-11-23T10:00:00Z'),
  };

  it('says "dead-lettered: <reason>" for an event a consumer gave up on before it was routed', () => {
    const trace = explainEvent({
      eventId: 'evt_dead',
      tenantId: 't1',
      routing: null,
      attempts: [],
      endpoints: new Map(),
      deadLetters: [deadLetter],
    });
    expect(trace).toMatchObject({
      status: 'dead_lettered',
      summary: 'dead-lettered: data.amount: must be number (producer.ingest, from hookline.ingest.v1)',
      deadLetters: [
        {
          consumer: 'producer.ingest',
          sourceTopic: 'hookline.ingest.v1',
          reasonClass: 'invalid',
          reason: 'data.amount: must be number',
        },
      ],
    });
  });

  it('names a dead letter beside the deliveries of a routed event', () => {
    const trace = explainEvent({
      eventId: 'evt_1',
      tenantId: 't1',
      routing: routingRecordOf({ matched: [{ endpointId: 'ep_a', webhookId: 'msg_a' }] }),
      attempts: [attempt({})],
      endpoints: new Map([['ep_a', endpointNow()]]),
      deadLetters: [{ ...deadLetter, consumer: 'health.outcomes', reason: 'handler failed: boom' }],
    });
    expect(trace?.status).toBe('delivered');
    expect(trace?.summary).toMatch(/; dead-lettered: handler failed: boom \(health.outcomes/);
  });
});
