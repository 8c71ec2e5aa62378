/**
 * Type prefixes Hookline reserves for its own operational events (`endpoint.disabled`, `endpoint.failing`,
 * `webhook.endpoint.verification`, …). A tenant hears them only by asking for them by name or prefix: a `*`
 * endpoint built for business events must not start receiving notices about endpoints.
 */
export const RESERVED_EVENT_TYPE_PREFIXES = ['endpoint.', 'webhook.'] as const;

/** Whether the type is one of Hookline's operational types, which `*` leaves out. */
export function isReservedEventType(type: string): boolean {
  return RESERVED_EVENT_TYPE_PREFIXES.some((prefix) => type.startsWith(prefix));
}

/**
 * One event-type filter of an endpoint against an event type: `*` matches every type except the reserved
 * operational ones, `conversation.*` every type under `conversation.` (so `endpoint.*` selects the
 * operational ones), anything else exactly. Delivery routes and health explains routing with this one rule.
 */
export function eventTypeMatches(filter: string, type: string): boolean {
  if (filter === '*') return !isReservedEventType(type);
  if (filter.endsWith('.*')) return type.startsWith(filter.slice(0, -1));
  return filter === type;
}
