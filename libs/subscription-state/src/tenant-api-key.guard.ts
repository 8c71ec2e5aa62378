import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { bearerToken, type CredentialCheck } from '@hookline/http';
import { hashApiKey } from '@hookline/webhook-crypto';
import { SubscriptionReplica } from './subscription-replica';

export interface TenantRequest {
  headers: Record<string, string | string[] | undefined>;
  tenantId?: string;
}

/**
 * Authenticates a tenant API key against the replicated tenant records (services other than subscription
 * never read its tables). A revoked key disappears from the replica as soon as its record arrives. The check
 * runs before the body is read (as the HTTP layer's credential check) and again as the guard.
 */
@Injectable()
export class TenantApiKeyGuard implements CanActivate, CredentialCheck {
  readonly refusal = 'a valid tenant API key is required';

  constructor(private readonly replica: SubscriptionReplica) {}

  authenticate(request: TenantRequest): boolean {
    const key = bearerToken(request.headers.authorization);
    const tenantId = key === undefined ? undefined : this.replica.state.tenantIdForKeyHash(hashApiKey(key));
    if (tenantId === undefined) return false;
    request.tenantId = tenantId;
    return true;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.authenticate(context.switchToHttp().getRequest<TenantRequest>())) {
      throw new UnauthorizedException(this.refusal);
    }
    return true;
  }
}
