import { randomFillSync } from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * A W3C `traceparent` for a webhook request when no tracing span supplies one: a child of the trace the event
 * arrived with (same trace id, new span id), or a fresh trace, so receivers always get a correlation id.
 */
export function traceparentFor(incoming: string | undefined): string {
  const spanId = randomHex(8);
  const match = incoming === undefined ? null : TRACEPARENT.exec(incoming);
  if (match !== null) return `00-${match[1]}-${spanId}-${match[3]}`;
  return `00-${randomHex(16)}-${spanId}-00`;
}

// Ids come from a pool refilled 4 KiB at a time: one call into the CSPRNG per request cost more than the
// rest of building the request headers.
const pool = Buffer.alloc(4_096);
let used = pool.length;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  return pool.toString('hex', used - bytes, used);
}
