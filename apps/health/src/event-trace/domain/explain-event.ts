import {
  RESERVED_EVENT_TYPE_PREFIXES,
  eventTypeMatches,
  eventTypeParts,
  type EventRoutingRecord,
  type RoutingSkipReason,
} from '@hookline/contracts';
import type { EventDeadLetter } from './event-dead-letter';
import type { EndpointState } from '../../projection/domain/endpoint-health-state';
import type { LoggedAttempt } from '../../projection/domain/logged-attempt';

/** What health and the subscription replica know about an endpoint now. */
export interface EndpointNow {
  state: EndpointState | null;
  enabled: boolean | null;
  disabledReason: string | null;
  eventTypes: string[] | null;
  entityTypes: string[] | null;
}

export type DeliveryStatus = 'delivered' | 'retrying' | 'failed' | 'pending';
export type EventStatus =
  | 'delivered'
  | 'partially_delivered'
  | 'in_progress'
  | 'failed'
  | 'no_match'
  | 'tenant_unknown'
  /** A consumer gave up on the event before it was routed: `deadLetters` says where and why. */
  | 'dead_lettered';

/** Where a consumer gave up on a record of this event, and why. */
export interface DeadLetterTrace {
  consumer: string;
  sourceTopic: string;
  reasonClass: string;
  reason: string;
  deadLetteredAt: Date;
}

export interface DeliveryTrace {
  endpointId: string;
  webhookId: string | null;
  /** False when the endpoint got attempts the routing record does not list (a resend, a replay). */
  matchedByRouting: boolean;
  status: DeliveryStatus;
  explanation: string;
  deliveredAt: Date | null;
  nextAttemptAt: Date | null;
  attempts: LoggedAttempt[];
  endpoint: EndpointNow | null;
}

export interface SkipTrace {
  endpointId: string;
  reason: RoutingSkipReason;
  explanation: string;
  endpoint: EndpointNow | null;
}

export interface EventTrace {
  eventId: string;
  tenantId: string;
  eventType: string | null;
  subject: string | null;
  routedAt: Date | null;
  routingRecorded: boolean;
  status: EventStatus;
  summary: string;
  deliveries: DeliveryTrace[];
  notMatched: SkipTrace[];
  deadLetters: DeadLetterTrace[];
}

/**
 * Explains what happened to one event: which endpoints it matched and how each delivery went, attempt by
 * attempt, and why every other endpoint of the tenant was skipped. Never leaves an event unexplained: one
 * that matched nothing says so. Undefined when Hookline has no record of the event at all.
 */
export function explainEvent(input: {
  eventId: string;
  tenantId: string;
  routing: EventRoutingRecord | null;
  attempts: readonly LoggedAttempt[];
  endpoints: ReadonlyMap<string, EndpointNow>;
  deadLetters?: readonly EventDeadLetter[];
}): EventTrace | undefined {
  const { routing, attempts, endpoints } = input;
  const deadLetters = (input.deadLetters ?? []).map(toDeadLetterTrace);
  if (routing === null && attempts.length === 0 && deadLetters.length === 0) return undefined;
  const deliveries = traceDeliveries(routing, attempts, endpoints);
  const notMatched = (routing?.skipped ?? []).map((skip) => ({
    endpointId: skip.endpointId,
    reason: skip.reason,
    explanation: explainSkip(skip.reason, routing?.eventType ?? '', endpoints.get(skip.endpointId)),
    endpoint: endpoints.get(skip.endpointId) ?? null,
  }));
  const omitted = routing?.skippedOmitted ?? 0;
  const { status, summary } =
    routing === null && attempts.length === 0
      ? { status: 'dead_lettered' as const, summary: describeDeadLetter(deadLetters[0]) }
      : withDeadLetters(summarize(routing, deliveries, notMatched.length, omitted), deadLetters);
  return {
    eventId: input.eventId,
    tenantId: input.tenantId,
    eventType: routing?.eventType ?? null,
    subject: routing?.subject ?? null,
    routedAt: routing === null ? null : new Date(routing.routedAt),
    routingRecorded: routing !== null,
    status,
    summary,
    deliveries,
    notMatched,
    deadLetters,
  };
}

function toDeadLetterTrace(deadLetter: EventDeadLetter): DeadLetterTrace {
  const { consumer, sourceTopic, reasonClass, reason, deadLetteredAt } = deadLetter;
  return { consumer, sourceTopic, reasonClass, reason, deadLetteredAt };
}

function describeDeadLetter(deadLetter: DeadLetterTrace): string {
  return `dead-lettered: ${deadLetter.reason} (${deadLetter.consumer}, from ${deadLetter.sourceTopic})`;
}

/** A dead letter beside deliveries (an outcome health could not project, say) is named in the summary too. */
function withDeadLetters(
  result: { status: EventStatus; summary: string },
  deadLetters: readonly DeadLetterTrace[],
): { status: EventStatus; summary: string } {
  if (deadLetters.length === 0) return result;
  return { ...result, summary: `${result.summary}; ${describeDeadLetter(deadLetters[0])}` };
}

function traceDeliveries(
  routing: EventRoutingRecord | null,
  attempts: readonly LoggedAttempt[],
  endpoints: ReadonlyMap<string, EndpointNow>,
): DeliveryTrace[] {
  const matched = new Map((routing?.matched ?? []).map((m) => [m.endpointId, m.webhookId]));
  const endpointIds = [...new Set([...matched.keys(), ...attempts.map((a) => a.endpointId)])];
  return endpointIds.map((endpointId) => {
    const own = attempts
      .filter((a) => a.endpointId === endpointId)
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.attempt - b.attempt);
    return {
      endpointId,
      webhookId: matched.get(endpointId) ?? own[0]?.webhookId ?? null,
      matchedByRouting: matched.has(endpointId),
      ...deliveryStatus(own),
      attempts: own,
      endpoint: endpoints.get(endpointId) ?? null,
    };
  });
}

function deliveryStatus(
  attempts: readonly LoggedAttempt[],
): Pick<DeliveryTrace, 'status' | 'explanation' | 'deliveredAt' | 'nextAttemptAt'> {
  const success = attempts.find((a) => a.result === 'succeeded');
  if (success !== undefined) {
    return {
      status: 'delivered',
      explanation:
        `delivered on attempt ${success.attempt} (HTTP ${success.statusCode ?? '?'}` +
        (success.trigger === 'event' ? ')' : `, by a ${success.trigger})`),
      deliveredAt: success.startedAt,
      nextAttemptAt: null,
    };
  }
  const last = attempts[attempts.length - 1];
  if (last === undefined) {
    return {
      status: 'pending',
      explanation: 'matched; no attempt recorded yet',
      deliveredAt: null,
      nextAttemptAt: null,
    };
  }
  const failure = describeFailure(last);
  if (last.exhausted) {
    return {
      status: 'failed',
      explanation: `failed for good after ${attempts.length} attempt(s); last: ${failure}; dead-lettered, recoverable once the endpoint is fixed`,
      deliveredAt: null,
      nextAttemptAt: null,
    };
  }
  return {
    status: 'retrying',
    explanation:
      `attempt ${last.attempt} failed (${failure}); ` +
      (last.nextAttemptAt === null
        ? 'a retry is scheduled'
        : `next attempt at ${last.nextAttemptAt.toISOString()}`),
    deliveredAt: null,
    nextAttemptAt: last.nextAttemptAt,
  };
}

function describeFailure(attempt: LoggedAttempt): string {
  if (attempt.statusCode !== null) return `HTTP ${attempt.statusCode}`;
  return attempt.errorMessage === null
    ? (attempt.errorClass ?? 'error')
    : `${attempt.errorClass ?? 'error'}: ${attempt.errorMessage}`;
}

function explainSkip(
  reason: RoutingSkipReason,
  eventType: string,
  endpoint: EndpointNow | undefined,
): string {
  switch (reason) {
    case 'disabled':
      return (
        'the endpoint was disabled when the event was routed' +
        (endpoint?.disabledReason ? ` (reason now on record: ${endpoint.disabledReason})` : '')
      );
    case 'event_type_filter':
      return explainEventTypeSkip(eventType, endpoint?.eventTypes ?? null);
    case 'entity_type_filter':
      return endpoint?.entityTypes
        ? `it takes only entity types [${endpoint.entityTypes.join(', ')}]; this event is about a ${eventTypeParts(eventType).entity}`
        : `its entity-type filter did not include ${eventTypeParts(eventType).entity}`;
    case 'not_targeted':
      return 'the event was addressed to specific endpoints, and not to this one';
  }
}

/** Delivery's own rule (`eventTypeMatches`): `*` leaves out the operational types, which surprises people. */
function explainEventTypeSkip(eventType: string, filters: readonly string[] | null): string {
  if (filters === null) return `its event-type filter did not include ${eventType}`;
  const skipped = `its event-type filter [${filters.join(', ')}] does not include ${eventType}`;
  if (!filters.includes('*') || eventTypeMatches('*', eventType)) return skipped;
  const reserved = RESERVED_EVENT_TYPE_PREFIXES.map((prefix) => `${prefix}*`).join(', ');
  return `${skipped}: \`*\` leaves out Hookline's operational types (${reserved}); subscribe to them by name`;
}

function summarize(
  routing: EventRoutingRecord | null,
  deliveries: readonly DeliveryTrace[],
  skipped: number,
  omitted = 0,
): { status: EventStatus; summary: string } {
  if (routing !== null && !routing.tenantKnown) {
    return {
      status: 'tenant_unknown',
      summary: `when the event was routed (${routing.routedAt}) Hookline knew no tenant ${routing.tenantId}, so it went nowhere`,
    };
  }
  if (deliveries.length === 0) {
    return {
      status: 'no_match',
      summary:
        skipped === 0
          ? 'the event matched no endpoint: the tenant had no endpoints when it was routed'
          : omitted === 0
            ? `the event matched none of the tenant's ${skipped} endpoint(s); notMatched says why for each`
            : `the event matched none of the tenant's ${skipped + omitted} endpoint(s); notMatched says why for the first ${skipped}`,
    };
  }
  const count = (status: DeliveryStatus) => deliveries.filter((d) => d.status === status).length;
  const [delivered, failed, open] = [
    count('delivered'),
    count('failed'),
    count('retrying') + count('pending'),
  ];
  const total = deliveries.length;
  const routingNote =
    routing === null ? ' (no routing record: delivery did not report how it routed this event)' : '';
  if (delivered === total)
    return { status: 'delivered', summary: `delivered to all ${total} matched endpoint(s)${routingNote}` };
  if (open > 0) {
    return {
      status: 'in_progress',
      summary: `delivered to ${delivered} of ${total}; ${open} awaiting a first attempt or a retry${routingNote}`,
    };
  }
  if (delivered > 0) {
    return {
      status: 'partially_delivered',
      summary: `delivered to ${delivered} of ${total}; ${failed} failed for good${routingNote}`,
    };
  }
  return {
    status: 'failed',
    summary: `delivery failed for good at every matched endpoint (${total})${routingNote}`,
  };
}
