import {
  compileValidator,
  describeFieldErrors,
  parseJson,
  validateHooklineEvent,
  type DeliveryOutcome,
  type HooklineEvent,
} from '@hookline/contracts';

export type DeliveryTrigger = NonNullable<DeliveryOutcome['trigger']>;

/** One past attempt, as kept in a delivery's history (the dead-letter record carries all of them). */
export interface AttemptSummary {
  attempt: number;
  trigger: DeliveryTrigger;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  errorClass: string | null;
  errorMessage: string | null;
}

/**
 * One event owed to one endpoint: the record on the retry tiers (`hookline.deliveries.retry.<tier>`) and,
 * with `deadLetter` set, on `hookline.deliveries.dlq.v1`. It carries the whole event, so a tier never needs
 * to look anything up but the endpoint's current state.
 */
export interface DeliveryTask {
  event: HooklineEvent;
  endpointId: string;
  webhookId: string;
  /** The number of the next attempt in this round (a resend, replay or recovery starts a new round). */
  attempt: number;
  trigger: DeliveryTrigger;
  dueAt: string;
  eventPosition?: { partition: number; offset: string };
  history: AttemptSummary[];
  deadLetter?: { reason: string; at: string };
}

/** Histories keep the latest attempts: enough to explain a failure, bounded in size. */
export const MAX_HISTORY = 50;

const validateTaskShape = compileValidator<DeliveryTask>({
  type: 'object',
  required: ['event', 'endpointId', 'webhookId', 'attempt', 'trigger', 'dueAt', 'history'],
  properties: {
    event: { type: 'object' },
    endpointId: { type: 'string', minLength: 1 },
    webhookId: { type: 'string', minLength: 1 },
    attempt: { type: 'integer', minimum: 1 },
    trigger: { enum: ['event', 'resend', 'replay', 'recover'] },
    dueAt: { type: 'string', format: 'date-time' },
    eventPosition: {
      type: 'object',
      required: ['partition', 'offset'],
      properties: { partition: { type: 'integer', minimum: 0 }, offset: { type: 'string' } },
    },
    history: { type: 'array', items: { type: 'object' } },
    deadLetter: {
      type: 'object',
      required: ['reason', 'at'],
      properties: { reason: { type: 'string' }, at: { type: 'string' } },
    },
  },
});

/** A record from a retry tier or the dead-letter topic, or the reason it is not a delivery task. */
export function parseDeliveryTask(
  raw: Buffer | string | null,
): { ok: true; value: DeliveryTask } | { ok: false; reason: string } {
  const json = parseJson(raw);
  if (!json.ok) return { ok: false, reason: describeFieldErrors(json.errors) };
  const task = validateTaskShape(json.value);
  if (!task.ok) return { ok: false, reason: describeFieldErrors(task.errors) };
  const event = validateHooklineEvent(task.value.event);
  if (!event.ok) {
    const errors = event.errors.map((error) => ({ ...error, field: `event.${error.field}` }));
    return { ok: false, reason: describeFieldErrors(errors) };
  }
  return { ok: true, value: task.value };
}

export function appendHistory(history: readonly AttemptSummary[], entry: AttemptSummary): AttemptSummary[] {
  return [...history, entry].slice(-MAX_HISTORY);
}
