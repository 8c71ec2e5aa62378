import { eventTypeMatches } from './event-type-filter';

/**
 * Hookline's own operational event types (the subscription service emits them onto the ingest topic for the
 * tenant): accepted like the built-in lifecycle actions, without registration.
 */
export const OPERATIONAL_EVENT_TYPES = [
  'endpoint.created',
  'endpoint.updated',
  'endpoint.deleted',
  'endpoint.enabled',
  'endpoint.disabled',
  'endpoint.failing',
  'endpoint.recovered',
] as const;

/**
 * Whether an endpoint with these event-type filters receives Hookline's operational events (`endpoint.*`,
 * or one of them by name; `*` does not). Such endpoints are counted against the tenant's
 * `operationalSubscribers` quota, which keeps each endpoint change's fan-out bounded.
 */
export function selectsOperationalEvents(filters: readonly string[]): boolean {
  return OPERATIONAL_EVENT_TYPES.some((type) => filters.some((filter) => eventTypeMatches(filter, type)));
}
