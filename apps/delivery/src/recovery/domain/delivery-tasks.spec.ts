import { webhookIdFor, type HooklineEvent } from '@hookline/contracts';
import type { DeliveryTask } from '../../dispatch/domain/delivery-task';
import { newRoundTask, recoveredTask } from './delivery-tasks';

const event = { id: 'evt_1', tenantid: 't1' } as HooklineEvent;
const now = new Date('2026-11-23T10:00:00Z');

describe('tasks for resends, replays and recoveries', () => {
  it('keep the webhook-id of the original delivery and start a new round now', () => {
    expect(newRoundTask(event, 'ep_1', 'resend', now, { partition: 1, offset: '7' })).toEqual({
      event,
      endpointId: 'ep_1',
      webhookId: webhookIdFor('t1', 'evt_1', 'ep_1'),
      attempt: 1,
      trigger: 'resend',
      dueAt: '2026-11-23T10:00:00.000Z',
      eventPosition: { partition: 1, offset: '7' },
      history: [],
    });
  });

  it('bring a dead letter back without its dead-letter mark, keeping its history', () => {
    const dead: DeliveryTask = {
      ...newRoundTask(event, 'ep_1', 'event', new Date(0)),
      attempt: 8,
      history: [
        {
          attempt: 8,
          trigger: 'event',
          startedAt: 'x',
          durationMs: 1,
          statusCode: 500,
          errorClass: 'http_status',
          errorMessage: null,
        },
      ],
      deadLetter: { reason: 'exhausted', at: 'x' },
    };
    const recovered = recoveredTask(dead, now);
    expect(recovered).toMatchObject({ attempt: 1, trigger: 'recover', dueAt: now.toISOString() });
    expect(recovered.deadLetter).toBeUndefined();
    expect(recovered.history).toHaveLength(1);
    expect(recovered.webhookId).toBe(dead.webhookId);
  });
});
