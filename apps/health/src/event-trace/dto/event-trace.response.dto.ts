import type { LoggedAttempt } from '../../projection/domain/logged-attempt';
import type {
  DeadLetterTrace,
  DeliveryTrace,
  EndpointNow,
  EventTrace,
  SkipTrace,
} from '../domain/explain-event';

type Serialized<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

export type AttemptDto = Omit<Serialized<LoggedAttempt>, 'endpointId' | 'webhookId'>;

export interface DeliveryTraceDto extends Omit<Serialized<DeliveryTrace>, 'attempts'> {
  attempts: AttemptDto[];
}

/** `GET /v1/events/:eventId/trace`: what happened to the event, endpoint by endpoint. */
export interface EventTraceResponseDto extends Omit<
  Serialized<EventTrace>,
  'deliveries' | 'notMatched' | 'deadLetters'
> {
  deliveries: DeliveryTraceDto[];
  deadLetters: Array<Serialized<DeadLetterTrace>>;
  notMatched: Array<SkipTrace & { endpoint: EndpointNow | null }>;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

function toAttemptDto(attempt: LoggedAttempt): AttemptDto {
  return {
    attempt: attempt.attempt,
    startedAt: attempt.startedAt.toISOString(),
    durationMs: attempt.durationMs,
    result: attempt.result,
    statusCode: attempt.statusCode,
    errorClass: attempt.errorClass,
    errorMessage: attempt.errorMessage,
    responseBody: attempt.responseBody,
    nextAttemptAt: iso(attempt.nextAttemptAt),
    exhausted: attempt.exhausted,
    trigger: attempt.trigger,
  };
}

export function toEventTraceResponse(trace: EventTrace): EventTraceResponseDto {
  return {
    ...trace,
    routedAt: iso(trace.routedAt),
    deliveries: trace.deliveries.map((delivery) => ({
      ...delivery,
      deliveredAt: iso(delivery.deliveredAt),
      nextAttemptAt: iso(delivery.nextAttemptAt),
      attempts: delivery.attempts.map(toAttemptDto),
    })),
    deadLetters: trace.deadLetters.map((deadLetter) => ({
      ...deadLetter,
      deadLetteredAt: deadLetter.deadLetteredAt.toISOString(),
    })),
  };
}
