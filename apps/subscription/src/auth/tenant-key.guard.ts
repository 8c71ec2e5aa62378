import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { bearerToken } from '@hookline/http';
import type { TenantRequest } from '@hookline/subscription-state';
import { hashApiKey } from '@hookline/webhook-crypto';
import { ApiKeysRepository } from '../tenants/persistence/api-keys.repository';

/** Tenant routes: the API key's hash must match an unrevoked key; the request then acts as that tenant. */
@Injectable()
export class TenantKeyGuard implements CanActivate {
  constructor(private readonly apiKeys: ApiKeysRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    const key = bearerToken(request.headers.authorization);
    const tenantId = key === undefined ? undefined : await this.apiKeys.findActiveTenantId(hashApiKey(key));
    if (tenantId === undefined) throw new UnauthorizedException('a valid tenant API key is required');
    request.tenantId = tenantId;
    return true;
  }
}
