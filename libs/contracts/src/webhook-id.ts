import { createHash } from 'node:crypto';

/**
 * The `webhook-id` for one event at one endpoint: derived, not stored, so every retry, resend and replay
 * carries the same id and receivers can dedupe on it.
 */
export function webhookIdFor(tenantId: string, eventId: string, endpointId: string): string {
  const digest = createHash('sha256')
    .update(`${tenantId}\u0000${eventId}\u0000${endpointId}`)
    .digest('base64url');
  return `msg_${digest.slice(0, 27)}`;
}
