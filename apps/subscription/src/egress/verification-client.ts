import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { request, type Agent } from 'undici';
import { createGuardedDispatcher, type HostResolver } from '@hookline/egress';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../config/subscription.config';
import { HOST_RESOLVER } from './host-resolver';

/** Enough to read an echoed challenge; a receiver that streams more is cut off. */
const RESPONSE_BODY_LIMIT = 4_096;

export interface VerificationResponse {
  statusCode: number;
  body: string;
}

/**
 * Outbound requests of the subscription service (verification challenges): the SSRF-guarded undici
 * dispatcher (checked addresses only, loopback only where configuration allows), a total timeout, a capped
 * body, and no redirects (undici's `request` never follows them, so a 3xx is just a failed verification).
 */
@Injectable()
export class VerificationClient implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(
    @Inject(SUBSCRIPTION_CONFIG) private readonly config: SubscriptionConfig,
    @Inject(HOST_RESOLVER) resolve: HostResolver,
  ) {
    this.agent = createGuardedDispatcher({
      allowLoopback: config.endpoints.allowLoopback,
      allowedPrivateRange: config.endpoints.allowedPrivateRange,
      connectTimeoutMs: config.verification.timeoutMs,
      connectionsPerOrigin: 2,
      keepAliveTimeoutMs: 5_000,
      resolve,
    });
  }

  async post(url: string, headers: Record<string, string>, body: string): Promise<VerificationResponse> {
    const timeoutMs = this.config.verification.timeoutMs;
    const response = await request(url, {
      method: 'POST',
      headers,
      body,
      dispatcher: this.agent,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    return { statusCode: response.statusCode, body: await readCapped(response.body) };
  }

  onApplicationShutdown(): Promise<void> {
    return this.agent.close();
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= RESPONSE_BODY_LIMIT) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8');
}
