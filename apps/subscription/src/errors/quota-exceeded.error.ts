import type { QuotaUsage } from '@hookline/http';
import { SubscriptionError, SubscriptionErrorCode } from './subscription.error';

/** A tenant ran into one of its quotas; answered in the platform's one refusal scheme (libs/http). */
export class QuotaExceededError extends SubscriptionError {
  constructor(readonly quota: QuotaUsage) {
    super(
      SubscriptionErrorCode.QuotaExceeded,
      `quota ${quota.name} reached: ${quota.usage} of ${quota.limit}`,
    );
    this.name = 'QuotaExceededError';
  }
}
