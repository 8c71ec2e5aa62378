import { ApiConflictResponse, ApiTooManyRequestsResponse } from '@nestjs/swagger';

/** Every tenant route: the API key's request rate (docs/subscription-api.md, "Quotas and rate limits"). */
export const ApiRateLimited = () =>
  ApiTooManyRequestsResponse({
    description: 'RATE_LIMITED: over the API key’s request rate; retry after `Retry-After` seconds',
  });

/** A creation refused at a count quota: 409 naming the quota, its limit and its usage. */
export const ApiCountQuota = (quotas: string, otherwise = '') =>
  ApiConflictResponse({ description: `${otherwise}QUOTA_EXCEEDED: ${quotas} at its limit` });

/** A per-minute quota used up (or the key's request rate): 429 with `Retry-After`. */
export const ApiRateQuota = (quota: string) =>
  ApiTooManyRequestsResponse({
    description: `QUOTA_EXCEEDED: ${quota} used up this minute, or RATE_LIMITED; retry after \`Retry-After\` seconds`,
  });
