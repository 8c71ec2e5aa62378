import { randomBytes } from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * A W3C `traceparent` for a webhook request when no tracing span supplies one: a child of the trace the event
 * arrived with (same trace id, new span id), or a fresh trace, so receivers always get a correlation id.
 */
export function traceparentFor(incoming: string | undefined): string {
  const spanId = randomBytes(8).toString('hex');
  const match = incoming === undefined ? null : TRACEPARENT.exec(incoming);
  if (match !== null) return `00-${match[1]}-${spanId}-${match[3]}`;
  return `00-${randomBytes(16).toString('hex')}-${spanId}-00`;
}
