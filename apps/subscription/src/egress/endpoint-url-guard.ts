import { Inject, Injectable } from '@nestjs/common';
import { BlockedDestinationError, checkUrlDestination, type HostResolver } from '@hookline/egress';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../config/subscription.config';
import { endpointUrlProblem } from '../endpoints/domain/check-endpoint-url';
import { SubscriptionError, SubscriptionErrorCode } from '../errors/subscription.error';
import { HOST_RESOLVER } from './host-resolver';

/**
 * Refuses, at registration, any URL delivery would refuse at send time: wrong scheme, credentials, or a host
 * that is (or resolves only to) a blocked address. Delivery checks again when it sends (DNS can change).
 */
@Injectable()
export class EndpointUrlGuard {
  constructor(
    @Inject(SUBSCRIPTION_CONFIG) private readonly config: SubscriptionConfig,
    @Inject(HOST_RESOLVER) private readonly resolve: HostResolver,
  ) {}

  async check(url: string): Promise<void> {
    const problem = endpointUrlProblem(url, this.config.endpoints.allowHttp);
    if (problem !== undefined) throw rejected(problem);
    try {
      await checkUrlDestination(url, { allowLoopback: this.config.endpoints.allowLoopback }, this.resolve);
    } catch (error) {
      if (error instanceof BlockedDestinationError) throw rejected(`url may not be used: ${error.message}`);
      throw error;
    }
  }
}

function rejected(message: string): SubscriptionError {
  return new SubscriptionError(SubscriptionErrorCode.EndpointUrlRejected, message, 'url');
}
