import { createHash } from 'node:crypto';

/** The id Hookline gives the event of `subject` in batch `batchId` (the same on every retry of the batch). */
export function batchEventId(batchId: string, subject: string): string {
  const digest = createHash('sha256').update(`${batchId}\u0000${subject}`).digest('base64url');
  return `bev_${digest.slice(0, 32)}`;
}
