import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import {
  API_KEY_RATE_LIMITER,
  bearerToken,
  enforceRequestRate,
  type CredentialCheck,
  type RequestRateLimiter,
} from '@hookline/http';
import { hashApiKey } from '@hookline/webhook-crypto';
import { SubscriptionReplica } from './subscription-replica';

export interface TenantRequest {
  headers: Record<string, string | string[] | undefined>;
  tenantId?: string;
}

/**
 * Authenticates a tenant API key against the replicated tenant records (services other than subscription
 * never read its tables). A revoked key disappears from the replica as soon as its record arrives. The check
 * runs before the body is read (as the HTTP layer's credential check) and again as the guard, which then
 * takes a token from the key's bucket: over its request rate, 429 with `Retry-After`.
 */
@Injectable()
export class TenantApiKeyGuard implements CanActivate, CredentialCheck {
  readonly refusal = 'a valid tenant API key is required';

  constructor(
    private readonly replica: SubscriptionReplica,
    @Inject(API_KEY_RATE_LIMITER) private readonly rateLimiter: RequestRateLimiter,
  ) {}

  authenticate(request: TenantRequest): boolean {
    const key = bearerToken(request.headers.authorization);
    const tenantId = key === undefined ? undefined : this.replica.state.tenantIdForKeyHash(hashApiKey(key));
    if (tenantId === undefined) return false;
    request.tenantId = tenantId;
    return true;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    if (!this.authenticate(request)) throw new UnauthorizedException(this.refusal);
    // Once per request: here, not in `authenticate`, which the HTTP layer calls first. Only authenticated
    // keys get a bucket, so made-up keys cannot fill the limiter.
    enforceRequestRate(
      this.rateLimiter,
      'API key',
      hashApiKey(bearerToken(request.headers.authorization) ?? ''),
    );
    return true;
  }
}
