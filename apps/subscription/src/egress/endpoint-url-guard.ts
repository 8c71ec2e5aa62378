import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { endpointUrlProblem } from '@hookline/contracts';
import { BlockedDestinationError, checkUrlDestination, type HostResolver } from '@hookline/egress';
import { ROOT_LOGGER } from '@hookline/observability';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../config/subscription.config';
import { SubscriptionError, SubscriptionErrorCode } from '../errors/subscription.error';
import { HOST_RESOLVER } from './host-resolver';

/**
 * What a tenant is told when the host is refused: the same words whether it is a blocked address, a name
 * that resolves only to blocked ones, or a name that does not resolve, so registration cannot be used to
 * learn which internal names exist or what they resolve to. The server log has the details.
 */
export const REFUSED_URL_MESSAGE =
  'url may not be used: its host does not resolve to an address that may be contacted';

export interface UrlOwner {
  tenantId: string;
  endpointId: string;
}

/**
 * Refuses, at registration, any URL delivery would refuse at send time: wrong scheme, credentials, or a host
 * that is (or resolves only to) a blocked address. Delivery checks again when it sends (DNS can change).
 */
@Injectable()
export class EndpointUrlGuard {
  private readonly logger: Logger;

  constructor(
    @Inject(SUBSCRIPTION_CONFIG) private readonly config: SubscriptionConfig,
    @Inject(HOST_RESOLVER) private readonly resolve: HostResolver,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'endpoint-url-guard' });
  }

  async check(url: string, owner: UrlOwner): Promise<void> {
    const problem = endpointUrlProblem(url, this.config.endpoints.allowHttp);
    if (problem !== undefined) throw rejected(problem);
    try {
      const { allowLoopback, allowedPrivateRange } = this.config.endpoints;
      await checkUrlDestination(url, { allowLoopback, allowedPrivateRange }, this.resolve);
    } catch (error) {
      if (!(error instanceof BlockedDestinationError)) throw error;
      // The host only: a URL's path or query may carry the receiver's own token.
      this.logger.warn(
        { ...owner, host: new URL(url).host, kind: error.kind, detail: error.detail },
        'endpoint url refused: its destination may not be contacted',
      );
      throw rejected(REFUSED_URL_MESSAGE);
    }
  }
}

function rejected(message: string): SubscriptionError {
  return new SubscriptionError(SubscriptionErrorCode.EndpointUrlRejected, message, 'url');
}
