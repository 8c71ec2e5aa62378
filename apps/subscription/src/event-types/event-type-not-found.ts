import { SubscriptionError, SubscriptionErrorCode } from '../errors/subscription.error';

export function eventTypeNotFound(type: string): SubscriptionError {
  return SubscriptionError.notFound(SubscriptionErrorCode.EventTypeNotFound, `event type ${type}`);
}
