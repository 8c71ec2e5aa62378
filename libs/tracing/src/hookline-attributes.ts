/**
 * Span attribute names Hookline sets: which tenant, event, endpoint and attempt a span is about, so a trace
 * can be found from an id a customer reports. Never a secret, key, token, signature or header value.
 */
export const HooklineAttributes = {
  tenant: 'hookline.tenant',
  eventId: 'hookline.event_id',
  eventType: 'hookline.event_type',
  eventCount: 'hookline.event_count',
  endpointId: 'hookline.endpoint_id',
  webhookId: 'hookline.webhook_id',
  attempt: 'hookline.attempt',
  result: 'hookline.result',
} as const;
