import type { HooklineEvent } from '@hookline/contracts';
import { signWebhook } from '@hookline/webhook-crypto';

export const VERIFICATION_EVENT_TYPE = 'webhook.endpoint.verification';

export interface VerificationEventInput {
  eventId: string;
  endpointId: string;
  tenantId: string;
  challenge: string;
  now: Date;
}

/** The event sent to prove the endpoint is ours to call: a canonical envelope carrying the challenge. */
export function verificationEvent(input: VerificationEventInput): HooklineEvent {
  return {
    specversion: '1.0',
    id: input.eventId,
    source: '/hookline/subscription',
    type: VERIFICATION_EVENT_TYPE,
    subject: input.endpointId,
    time: input.now.toISOString(),
    tenantid: input.tenantId,
    datacontenttype: 'application/json',
    data: {
      challenge: input.challenge,
      endpointId: input.endpointId,
      instructions: 'Answer 2xx with {"challenge":"<data.challenge>"} (or the challenge as plain text).',
    },
  };
}

export interface SignedRequestInput {
  webhookId: string;
  body: string;
  sentAt: Date;
  secrets: readonly string[];
  userAgent: string;
  customHeaders: Record<string, string>;
}

/** Standard Webhooks headers, signed by every live secret; they always win over custom headers. */
export function signedRequestHeaders(input: SignedRequestInput): Record<string, string> {
  const timestamp = Math.floor(input.sentAt.getTime() / 1000);
  return {
    ...input.customHeaders,
    'content-type': 'application/json',
    'user-agent': input.userAgent,
    'webhook-id': input.webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(
      { webhookId: input.webhookId, timestamp, body: input.body },
      input.secrets,
    ),
  };
}

/** Why the answer does not prove the endpoint echoed the challenge, or undefined when it does. */
export function echoProblem(
  response: { statusCode: number; body: string },
  challenge: string,
): string | undefined {
  if (response.statusCode < 200 || response.statusCode > 299) {
    return `endpoint answered ${response.statusCode}, expected 2xx with the challenge`;
  }
  const body = response.body.trim();
  if (body === challenge) return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      (parsed as { challenge?: unknown }).challenge === challenge
    ) {
      return undefined;
    }
  } catch {
    // Not JSON and not the bare challenge: falls through to the refusal.
  }
  return 'endpoint answered 2xx but did not echo the challenge';
}
