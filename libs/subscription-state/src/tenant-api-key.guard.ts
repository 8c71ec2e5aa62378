import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { bearerToken } from '@hookline/http';
import { hashApiKey } from '@hookline/webhook-crypto';
import { SubscriptionReplica } from './subscription-replica';

export interface TenantRequest {
  headers: Record<string, string | string[] | undefined>;
  tenantId?: string;
}

/**
 * Authenticates a tenant API key against the replicated tenant records (services other than subscription
 * never read its tables). A revoked key disappears from the replica as soon as its record arrives.
 */
@Injectable()
export class TenantApiKeyGuard implements CanActivate {
  constructor(private readonly replica: SubscriptionReplica) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    const key = bearerToken(request.headers.authorization);
    const tenantId = key === undefined ? undefined : this.replica.state.tenantIdForKeyHash(hashApiKey(key));
    if (tenantId === undefined) throw new UnauthorizedException('a valid tenant API key is required');
    request.tenantId = tenantId;
    return true;
  }
}
