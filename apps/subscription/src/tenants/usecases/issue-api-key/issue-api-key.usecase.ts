import { Injectable } from '@nestjs/common';
import { generateApiKey, hashApiKey } from '@hookline/webhook-crypto';
import { SubscriptionError, SubscriptionErrorCode } from '../../../errors/subscription.error';
import { newId } from '../../../ids/new-id';
import { toApiKeyResponse, type CreatedApiKeyResponseDto } from '../../dto/api-key.dto';
import { TenantsRepository } from '../../persistence/tenants.repository';

/** A new API key for the tenant, shown once; only its SHA-256 is stored and published. */
@Injectable()
export class IssueApiKeyUseCase {
  constructor(private readonly tenants: TenantsRepository) {}

  async execute(tenantId: string, name: string | undefined): Promise<CreatedApiKeyResponseDto> {
    const apiKey = generateApiKey();
    const key = await this.tenants.issueKey(
      tenantId,
      { id: newId('key'), name: name ?? '', hash: hashApiKey(apiKey) },
      new Date(),
    );
    if (key === null)
      throw SubscriptionError.notFound(SubscriptionErrorCode.TenantNotFound, `tenant ${tenantId}`);
    return { ...toApiKeyResponse(key), apiKey };
  }
}
