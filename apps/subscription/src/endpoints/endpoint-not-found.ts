import { SubscriptionError, SubscriptionErrorCode } from '../errors/subscription.error';

/** The one answer for an endpoint id this tenant does not own, whether or not another tenant does. */
export function endpointNotFound(endpointId: string): SubscriptionError {
  return SubscriptionError.notFound(SubscriptionErrorCode.EndpointNotFound, `endpoint ${endpointId}`);
}
