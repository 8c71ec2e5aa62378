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

/**
 * Every filter that selects an operational type: the type itself and each `<prefix>.*` above it (`*` never
 * does). What `selectsOperationalEvents` decides, as a list a database query can match filters against.
 */
export function operationalEventFilters(): string[] {
  const filters = new Set<string>();
  for (const type of OPERATIONAL_EVENT_TYPES) {
    filters.add(type);
    const parts = type.split('.');
    for (let length = 1; length < parts.length; length += 1)
      filters.add(`${parts.slice(0, length).join('.')}.*`);
  }
  return [...filters];
}
