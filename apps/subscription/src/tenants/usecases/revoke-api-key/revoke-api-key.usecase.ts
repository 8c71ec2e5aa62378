import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { SubscriptionError, SubscriptionErrorCode } from '../../../errors/subscription.error';
import { TenantsRepository } from '../../persistence/tenants.repository';

/**
 * Revokes a key: this service refuses it from the commit on (it reads its own table); other services drop it
 * when the tenant record reaches their replica. Revoking a revoked key is a no-op, not an error.
 */
@Injectable()
export class RevokeApiKeyUseCase {
  constructor(
    private readonly tenants: TenantsRepository,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(tenantId: string, keyId: string): Promise<void> {
    const result = await this.tenants.revokeKey(tenantId, keyId, new Date());
    if (result === 'not-found')
      throw SubscriptionError.notFound(SubscriptionErrorCode.ApiKeyNotFound, `API key ${keyId}`);
    if (result === 'revoked') this.logger.info({ tenantId, apiKeyId: keyId }, 'API key revoked');
  }
}
