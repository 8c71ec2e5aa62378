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
import type { TenantRequest } from '@hookline/subscription-state';
import { hashApiKey } from '@hookline/webhook-crypto';
import { ApiKeysRepository } from '../tenants/persistence/api-keys.repository';

/**
 * Tenant routes: the API key's hash must match an unrevoked key; the request then acts as that tenant. The
 * lookup runs before the body is read (as the HTTP layer's credential check); the guard reuses its answer,
 * and holds the key to its request rate (429 with `Retry-After` beyond it). Only authenticated keys get a
 * rate bucket, so made-up keys cannot fill the limiter.
 */
@Injectable()
export class TenantKeyGuard implements CanActivate, CredentialCheck {
  readonly refusal = 'a valid tenant API key is required';

  constructor(
    private readonly apiKeys: ApiKeysRepository,
    @Inject(API_KEY_RATE_LIMITER) private readonly rateLimiter: RequestRateLimiter,
  ) {}

  async authenticate(request: TenantRequest): Promise<boolean> {
    const key = bearerToken(request.headers.authorization);
    const tenantId = key === undefined ? undefined : await this.apiKeys.findActiveTenantId(hashApiKey(key));
    if (tenantId === undefined) return false;
    request.tenantId = tenantId;
    return true;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    if (request.tenantId === undefined && !(await this.authenticate(request))) {
      throw new UnauthorizedException(this.refusal);
    }
    // Once per request: here, not in `authenticate`, which the HTTP layer calls first.
    enforceRequestRate(
      this.rateLimiter,
      'API key',
      hashApiKey(bearerToken(request.headers.authorization) ?? ''),
    );
    return true;
  }
}
