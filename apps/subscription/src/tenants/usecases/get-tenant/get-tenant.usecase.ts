import { Injectable } from '@nestjs/common';
import { SubscriptionError, SubscriptionErrorCode } from '../../../errors/subscription.error';
import { toApiKeyResponse } from '../../dto/api-key.dto';
import type { TenantResponseDto } from '../../dto/tenant.response.dto';
import { ApiKeysRepository } from '../../persistence/api-keys.repository';
import { TenantsRepository } from '../../persistence/tenants.repository';

/** A tenant as the operator sees it: its keys by id and label, never the keys. */
@Injectable()
export class GetTenantUseCase {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  async execute(tenantId: string): Promise<TenantResponseDto> {
    const tenant = await this.tenants.findOne(tenantId);
    if (tenant === null)
      throw SubscriptionError.notFound(SubscriptionErrorCode.TenantNotFound, `tenant ${tenantId}`);
    return {
      id: tenant.id,
      name: tenant.name,
      version: tenant.version,
      createdAt: tenant.createdAt.toISOString(),
      updatedAt: tenant.updatedAt.toISOString(),
      apiKeys: (await this.apiKeys.listAll(tenantId)).map(toApiKeyResponse),
    };
  }
}
