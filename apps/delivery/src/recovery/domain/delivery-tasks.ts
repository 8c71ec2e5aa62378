import { webhookIdFor, type HooklineEvent } from '@hookline/contracts';
import type { DeliveryTask, DeliveryTrigger } from '../../dispatch/domain/delivery-task';

/** A fresh round of attempts for one event at one endpoint, due now (resend, replay, recovery). */
export function newRoundTask(
  event: HooklineEvent,
  endpointId: string,
  trigger: DeliveryTrigger,
  now: Date,
  position?: { partition: number; offset: string },
): DeliveryTask {
  return {
    event,
    endpointId,
    webhookId: webhookIdFor(event.tenantid, event.id, endpointId),
    attempt: 1,
    trigger,
    dueAt: now.toISOString(),
    ...(position === undefined ? {} : { eventPosition: position }),
    history: [],
  };
}

/** A dead letter brought back: a new round of the schedule, its history kept for the record. */
export function recoveredTask(deadLetter: DeliveryTask, now: Date): DeliveryTask {
  const task: DeliveryTask = { ...deadLetter, attempt: 1, trigger: 'recover', dueAt: now.toISOString() };
  delete task.deadLetter;
  return task;
}
