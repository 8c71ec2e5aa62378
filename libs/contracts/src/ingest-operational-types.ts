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
