import { createHmac } from 'node:crypto';
import { endpointSecretKey } from './endpoint-secret';

export interface WebhookToSign {
  webhookId: string;
  /** Unix seconds, as sent in `webhook-timestamp`. */
  timestamp: number;
  body: string;
}

/**
 * The `webhook-signature` header value per Standard Webhooks: `v1,<base64 HMAC-SHA256(id.timestamp.body)>`
 * for every live secret, space-separated, so receivers keep verifying during a secret rotation.
 */
export function signWebhook(webhook: WebhookToSign, secrets: readonly string[]): string {
  const signedContent = `${webhook.webhookId}.${webhook.timestamp}.${webhook.body}`;
  return secrets
    .map(
      (secret) =>
        `v1,${createHmac('sha256', endpointSecretKey(secret)).update(signedContent).digest('base64')}`,
    )
    .join(' ');
}
