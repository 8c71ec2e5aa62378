import type { DeliveryOutcome } from '@hookline/contracts';
import type { AttemptResult } from './attempt-result';
import { appendHistory, type AttemptSummary, type DeliveryTask } from './delivery-task';
import type { NextStep } from './next-step';

export interface AttemptRecord {
  result: AttemptResult;
  startedAt: Date;
  durationMs: number;
  responseBody: string | null;
}

/** The outcome one attempt publishes: what happened, and when (or whether) the next attempt comes. */
export function attemptOutcome(task: DeliveryTask, attempt: AttemptRecord, step: NextStep): DeliveryOutcome {
  const { result } = attempt;
  const failed = result.kind !== 'succeeded';
  return {
    eventId: task.event.id,
    eventType: task.event.type,
    endpointId: task.endpointId,
    tenantId: task.event.tenantid,
    webhookId: task.webhookId,
    attempt: task.attempt,
    startedAt: attempt.startedAt.toISOString(),
    durationMs: attempt.durationMs,
    result: failed ? 'failed' : 'succeeded',
    statusCode: result.statusCode,
    errorClass: failed ? result.errorClass : null,
    errorMessage: failed ? result.message : null,
    responseBody: attempt.responseBody,
    nextAttemptAt: step.kind === 'retry' ? step.dueAt.toISOString() : null,
    exhausted: step.kind === 'dead-letter',
    trigger: task.trigger,
    ...(task.eventPosition === undefined
      ? {}
      : { eventPartition: task.eventPosition.partition, eventOffset: task.eventPosition.offset }),
  };
}

export function attemptSummary(task: DeliveryTask, attempt: AttemptRecord): AttemptSummary {
  const { result } = attempt;
  return {
    attempt: task.attempt,
    trigger: task.trigger,
    startedAt: attempt.startedAt.toISOString(),
    durationMs: attempt.durationMs,
    statusCode: result.statusCode,
    errorClass: result.kind === 'succeeded' ? null : result.errorClass,
    errorMessage: result.kind === 'succeeded' ? null : result.message,
  };
}

/** The task as it goes to the retry tier after a failed attempt. */
export function retriedTask(task: DeliveryTask, attempt: AttemptRecord, dueAt: Date): DeliveryTask {
  return {
    ...task,
    attempt: task.attempt + 1,
    dueAt: dueAt.toISOString(),
    history: appendHistory(task.history, attemptSummary(task, attempt)),
  };
}

/** The task as it goes to the dead-letter topic: its full history and why it stopped. */
export function deadLetteredTask(
  task: DeliveryTask,
  attempt: AttemptRecord | undefined,
  reason: string,
  at: Date,
): DeliveryTask {
  return {
    ...task,
    history:
      attempt === undefined ? task.history : appendHistory(task.history, attemptSummary(task, attempt)),
    deadLetter: { reason, at: at.toISOString() },
  };
}
