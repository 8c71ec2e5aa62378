import {
  MAX_HISTORY,
  appendHistory,
  parseDeliveryTask,
  type AttemptSummary,
  type DeliveryTask,
} from './delivery-task';

const task = (): DeliveryTask => ({
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
  attempt: 2,
  trigger: 'event',
  dueAt: '2026-11-23T10:00:05.000Z',
  history: [],
});

describe('delivery tasks', () => {
  it('round-trips through JSON', () => {
    expect(parseDeliveryTask(JSON.stringify(task()))).toEqual({ ok: true, value: task() });
  });

  it('names what is wrong with a record that is not a task, down to the event’s fields', () => {
    expect(parseDeliveryTask('{')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not valid JSON'),
    });
    expect(parseDeliveryTask(JSON.stringify({ ...task(), attempt: 0 }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('attempt'),
    });
    const badEvent = { ...task(), event: { ...task().event, type: 'Nope' } };
    expect(parseDeliveryTask(JSON.stringify(badEvent))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('event.type'),
    });
  });

  it('keeps the latest attempts of a long history', () => {
    const entry = (attempt: number): AttemptSummary => ({
      attempt,
      trigger: 'event',
      startedAt: '2026-11-23T10:00:00.000Z',
      durationMs: 1,
      statusCode: 500,
      errorClass: 'http_status',
      errorMessage: null,
    });
    let history: AttemptSummary[] = [];
    for (let i = 1; i <= MAX_HISTORY + 5; i++) history = appendHistory(history, entry(i));
    expect(history).toHaveLength(MAX_HISTORY);
    expect(history[0].attempt).toBe(6);
  });
});
