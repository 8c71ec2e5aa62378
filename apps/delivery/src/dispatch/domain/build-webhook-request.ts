import { signWebhook } from '@hookline/webhook-crypto';

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

export interface WebhookRequestInput {
  webhookId: string;
  /** The exact JSON that is signed and sent. */
  body: string;
  sentAt: Date;
  liveSecrets: readonly string[];
  userAgent: string;
  /** The endpoint's own headers; Standard Webhooks headers always win over them. */
  customHeaders: Record<string, string>;
}

/** A Standard Webhooks request: `webhook-id`, `webhook-timestamp`, `webhook-signature` (one per live secret). */
export function buildWebhookRequest(input: WebhookRequestInput): WebhookRequest {
  const timestamp = Math.floor(input.sentAt.getTime() / 1000);
  return {
    body: input.body,
    headers: {
      ...input.customHeaders,
      'content-type': 'application/json',
      'user-agent': input.userAgent,
      'webhook-id': input.webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(
        { webhookId: input.webhookId, timestamp, body: input.body },
        input.liveSecrets,
      ),
    },
  };
}
