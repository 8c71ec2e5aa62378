import type { DeliveryTask } from './delivery-task';
import { attemptOutcome, deadLetteredTask, retriedTask, type AttemptRecord } from './attempt-outcome';

const task: DeliveryTask = {
  event: {
    specversion: '1.0',
    id: 'evt_1',
    source: '/s',
    type: 'customer.created',
    subject: 'c1',
    time: '2026-11-23T10:00:00.000Z',
    tenantid: 't1',
    datacontenttype: 'application/json',
    data: {},
  },
  endpointId: 'ep_1',
  webhookId: 'msg_1',
  attempt: 1,
  trigger: 'event',
  dueAt: '2026-11-23T10:00:00.000Z',
  eventPosition: { partition: 2, offset: '41' },
  history: [],
};
const failed: AttemptRecord = {
  result: { kind: 'retryable', errorClass: 'http_status', statusCode: 503, message: 'endpoint answered 503' },
  startedAt: new Date('2026-11-23T10:00:00.000Z'),
  durationMs: 12,
  responseBody: 'busy',
};

describe('attempt outcomes and task transitions', () => {
  it('publishes the next attempt’s time for a retried failure, with the event’s position', () => {
    const dueAt = new Date('2026-11-23T10:00:05.000Z');
    expect(attemptOutcome(task, failed, { kind: 'retry', dueAt, tierMs: 5_000 })).toEqual({
      eventId: 'evt_1',
      eventType: 'customer.created',
      endpointId: 'ep_1',
      tenantId: 't1',
      webhookId: 'msg_1',
      attempt: 1,
      startedAt: '2026-11-23T10:00:00.000Z',
      durationMs: 12,
      result: 'failed',
      statusCode: 503,
      errorClass: 'http_status',
      errorMessage: 'endpoint answered 503',
      responseBody: 'busy',
      nextAttemptAt: '2026-11-23T10:00:05.000Z',
      exhausted: false,
      trigger: 'event',
      eventPartition: 2,
      eventOffset: '41',
    });
  });

  it('marks the last failure exhausted and carries the whole history into the dead letter', () => {
    const retried = retriedTask(task, failed, new Date('2026-11-23T10:00:05.000Z'));
    expect(retried).toMatchObject({
      attempt: 2,
      webhookId: 'msg_1',
      history: [{ attempt: 1, statusCode: 503 }],
    });
    const outcome = attemptOutcome(retried, failed, { kind: 'dead-letter', reason: 'exhausted' });
    expect(outcome).toMatchObject({ attempt: 2, exhausted: true, nextAttemptAt: null });
    const dead = deadLetteredTask(retried, failed, 'exhausted', new Date('2026-11-23T10:00:06.000Z'));
    expect(dead.history.map((entry) => entry.attempt)).toEqual([1, 2]);
    expect(dead.deadLetter).toEqual({ reason: 'exhausted', at: '2026-11-23T10:00:06.000Z' });
  });
});
