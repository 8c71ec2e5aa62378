import type { Attributes } from '@opentelemetry/api';
import { HooklineAttributes, eventAttributes } from '@hookline/tracing';
import type { AttemptResult } from './attempt-result';
import type { DeliveryTask } from './delivery-task';

/**
 * What a delivery attempt's span names: the tenant, event, endpoint, webhook id and attempt number, and the
 * receiver's host. Not the URL (its path or query may carry a receiver's token), no header, no secret.
 */
export function attemptSpanAttributes(task: DeliveryTask, endpointUrl: string): Attributes {
  const url = URL.parse(endpointUrl);
  return {
    ...eventAttributes(task.event),
    [HooklineAttributes.endpointId]: task.endpointId,
    [HooklineAttributes.webhookId]: task.webhookId,
    [HooklineAttributes.attempt]: task.attempt,
    'http.request.method': 'POST',
    ...(url === null ? {} : { 'server.address': url.hostname, 'server.port': portOf(url) }),
  };
}

/** The attempt's result: status code, and `error.type` (the error class) when it did not succeed. */
export function attemptResultAttributes(result: AttemptResult): Attributes {
  const attributes: Attributes = { [HooklineAttributes.result]: result.kind };
  if (result.statusCode !== null) attributes['http.response.status_code'] = result.statusCode;
  if (result.kind !== 'succeeded') attributes['error.type'] = result.errorClass;
  return attributes;
}

function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'http:' ? 80 : 443;
}
