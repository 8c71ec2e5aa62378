import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { webhookIdFor } from '@hookline/contracts';
import { ROOT_LOGGER } from '@hookline/observability';
import { BlockedDestinationError } from '@hookline/egress';
import { SecretBox, signingSecretBinding } from '@hookline/webhook-crypto';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../../../config/subscription.config';
import { VerificationClient } from '../../../egress/verification-client';
import { newId } from '../../../ids/new-id';
import { openHeaderValues } from '../../../endpoints/domain/sealed-header-values';
import { endpointNotFound } from '../../../endpoints/endpoint-not-found';
import type { EndpointEntity } from '../../../endpoints/persistence/endpoint.entity';
import { EndpointsRepository } from '../../../endpoints/persistence/endpoints.repository';
import { RateQuotas } from '../../../quota-limits/persistence/rate-quotas';
import type { VerificationResultDto } from '../../dto/verification-result.response.dto';
import { echoProblem, signedRequestHeaders, verificationEvent } from '../../domain/verification-challenge';

interface SignedChallenge {
  eventId: string;
  webhookId: string;
  challenge: string;
  body: string;
  /** Undefined when a secret or header value could not be opened (say, a ciphertext of another endpoint). */
  headers: Record<string, string> | undefined;
  /** Why it could not be signed: names the field, never a value. */
  signingProblem?: string;
}

export interface VerifyEndpointResult {
  result: VerificationResultDto;
  endpoint: EndpointEntity;
}

/**
 * Sends a signed `webhook.endpoint.verification` challenge and records whether the endpoint echoed it. The
 * request leaves outside any transaction; the result is recorded afterwards, and only if the URL that was
 * checked is still the endpoint's URL.
 */
@Injectable()
export class VerifyEndpointUseCase {
  private readonly logger: Logger;

  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly secretBox: SecretBox,
    private readonly client: VerificationClient,
    private readonly rateQuotas: RateQuotas,
    @Inject(SUBSCRIPTION_CONFIG) private readonly config: SubscriptionConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'verify-endpoint' });
  }

  /** A verification the tenant asked for: within its verifications per minute. */
  async execute(tenantId: string, endpointId: string): Promise<VerifyEndpointResult> {
    if ((await this.endpoints.findOne(tenantId, endpointId)) === null) throw endpointNotFound(endpointId);
    await this.takeQuota(tenantId);
    return this.verifyCounted(tenantId, endpointId);
  }

  /** Counts one verification against the tenant's per-minute quota, or throws its 429. */
  takeQuota(tenantId: string): Promise<void> {
    return this.rateQuotas.take(tenantId, 'verificationsPerMinute');
  }

  /** A verification already counted by `takeQuota` (registration with `verify` counts before it creates). */
  async verifyCounted(tenantId: string, endpointId: string): Promise<VerifyEndpointResult> {
    const endpoint = await this.endpoints.findOne(tenantId, endpointId);
    if (endpoint === null) throw endpointNotFound(endpointId);
    const challenge = await this.buildChallenge(endpoint);
    // Never sent unsigned, or with a header it could not open: a failed verification that says so.
    const { statusCode, error, detail } =
      challenge.headers === undefined
        ? { statusCode: null, error: `could not sign: ${challenge.signingProblem}`, detail: undefined }
        : await this.send(endpoint.url, { ...challenge, headers: challenge.headers });
    const checkedAt = new Date();
    const status = error === null ? ('verified' as const) : ('failed' as const);
    const ids = { tenantId, endpointId, eventId: challenge.eventId, webhookId: challenge.webhookId };
    if (status === 'verified') this.logger.info({ ...ids, statusCode }, 'endpoint verified');
    else this.logger.warn({ ...ids, statusCode, reason: error, detail }, 'endpoint verification failed');
    // Recorded only if the URL that answered is still the endpoint's URL (it may have changed meanwhile).
    const recorded = await this.endpoints.modify(tenantId, endpointId, checkedAt, (current) =>
      current.url !== endpoint.url
        ? undefined
        : {
            patch: { verificationStatus: status, verificationCheckedAt: checkedAt, verificationError: error },
          },
    );
    if (recorded === null) throw endpointNotFound(endpointId);
    return {
      result: { status, checkedAt: checkedAt.toISOString(), statusCode, error, ...ids },
      endpoint: recorded,
    };
  }

  /** The signed request: a fresh challenge in a canonical event, signed by every live secret. */
  private async buildChallenge(endpoint: EndpointEntity): Promise<SignedChallenge> {
    const now = new Date();
    const live = await this.endpoints.liveSecrets(endpoint.tenantId, endpoint.id, now);
    const challenge = randomBytes(24).toString('base64url');
    const event = verificationEvent({
      eventId: newId('evt_vrf'),
      endpointId: endpoint.id,
      tenantId: endpoint.tenantId,
      challenge,
      now,
    });
    const webhookId = webhookIdFor(endpoint.tenantId, event.id, endpoint.id);
    const body = JSON.stringify(event);
    const owner = { tenantId: endpoint.tenantId, endpointId: endpoint.id };
    const binding = signingSecretBinding(owner.tenantId, owner.endpointId);
    try {
      const headers = signedRequestHeaders({
        webhookId,
        body,
        sentAt: now,
        secrets: live.map((secret) => this.secretBox.decrypt(secret.encrypted, binding)),
        userAgent: this.config.verification.userAgent,
        customHeaders: openHeaderValues(endpoint.headers, this.secretBox, owner),
      });
      return { eventId: event.id, webhookId, challenge, body, headers };
    } catch (error) {
      const signingProblem = `a signing secret or header value could not be decrypted (${(error as Error).message})`;
      return { eventId: event.id, webhookId, challenge, body, headers: undefined, signingProblem };
    }
  }

  /** `error` is what the tenant reads (no address behind a refusal); `detail` is for the log only. */
  private async send(
    url: string,
    request: SignedChallenge & { headers: Record<string, string> },
  ): Promise<{ statusCode: number | null; error: string | null; detail?: string }> {
    try {
      const response = await this.client.post(url, request.headers, request.body);
      return { statusCode: response.statusCode, error: echoProblem(response, request.challenge) ?? null };
    } catch (error) {
      const refusal = refusalIn(error);
      if (refusal !== undefined)
        return { statusCode: null, error: `request failed: ${refusal.message}`, detail: refusal.detail };
      return { statusCode: null, error: `request failed: ${describeRequestError(error)}` };
    }
  }
}

/** The egress guard's refusal, wherever in the cause chain the HTTP client put it. */
function refusalIn(error: unknown): BlockedDestinationError | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof BlockedDestinationError) return current;
    current = current.cause;
  }
  return undefined;
}

function describeRequestError(error: unknown): string {
  const { name, code, message, cause } = (error ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
    cause?: unknown;
  };
  if (name === 'TimeoutError' || name === 'AbortError') return 'timed out';
  const own = [code, message].filter(Boolean).join(' ');
  return cause === undefined ? own || 'unknown error' : `${own} (${describeRequestError(cause)})`;
}
