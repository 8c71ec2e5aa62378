import { Inject, Injectable } from '@nestjs/common';
import type { EndpointRecord } from '@hookline/contracts';
import { EgressClient } from '@hookline/egress';
import { withTraceHeaders } from '@hookline/kafka';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../config/delivery.config';
import type { AttemptResult } from './domain/attempt-result';
import { buildWebhookRequest } from './domain/build-webhook-request';
import { failedRequestResult } from './domain/classify-attempt-error';
import { classifyResponse } from './domain/classify-response';
import { parseRetryAfter } from './domain/parse-retry-after';
import { traceparentFor } from './domain/traceparent';
import { EndpointSecrets } from './endpoint-secrets';

export interface SentWebhook {
  result: AttemptResult;
  startedAt: Date;
  durationMs: number;
  /** The first bytes of the response body, when a response arrived. */
  responseBody: string | null;
}

export interface WebhookToSend {
  endpoint: EndpointRecord;
  webhookId: string;
  body: string;
  /** The trace the event arrived with, continued in the request when tracing is off here. */
  incomingTraceparent?: string;
}

/** One signed POST of one event to one endpoint. Never throws: every failure is an `AttemptResult`. */
@Injectable()
export class WebhookSender {
  constructor(
    @Inject(EgressClient) private readonly egress: EgressClient,
    private readonly secrets: EndpointSecrets,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
  ) {}

  async send({ endpoint, webhookId, body, incomingTraceparent }: WebhookToSend): Promise<SentWebhook> {
    const startedAt = new Date();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let headers: Record<string, string>;
    try {
      const liveSecrets = this.secrets.liveSecrets(endpoint, startedAt);
      if (liveSecrets.length === 0) throw new Error('the endpoint has no live signing secret');
      const request = buildWebhookRequest({
        webhookId,
        body,
        sentAt: startedAt,
        liveSecrets,
        userAgent: this.config.egress.userAgent,
        customHeaders: this.secrets.customHeaders(endpoint),
      });
      headers = withTraceHeaders(request.headers);
      headers.traceparent ??= traceparentFor(incomingTraceparent);
    } catch (error) {
      // Never sent unsigned; the message names no secret.
      const message = `could not sign: ${(error as Error).message}`;
      const result: AttemptResult = {
        kind: 'retryable',
        errorClass: 'signing_failed',
        statusCode: null,
        message,
      };
      return { result, startedAt, durationMs: elapsed(), responseBody: null };
    }
    try {
      const response = await this.egress.post(endpoint.url, headers, body);
      return {
        result: responseResult(response.statusCode, response.headers['retry-after'], startedAt),
        startedAt,
        durationMs: elapsed(),
        responseBody: response.body,
      };
    } catch (error) {
      return { result: failedRequestResult(error), startedAt, durationMs: elapsed(), responseBody: null };
    }
  }
}

function responseResult(
  statusCode: number,
  retryAfter: string | string[] | undefined,
  now: Date,
): AttemptResult {
  const verdict = classifyResponse(statusCode);
  const message = `endpoint answered ${statusCode}`;
  switch (verdict.kind) {
    case 'succeeded':
      return { kind: 'succeeded', statusCode };
    case 'retryable':
      return {
        kind: 'retryable',
        errorClass: verdict.errorClass,
        statusCode,
        message,
        retryAfterMs: parseRetryAfter(retryAfter, now),
      };
    case 'permanent':
    case 'gone':
      return { kind: 'permanent', errorClass: verdict.errorClass, statusCode, message };
  }
}
