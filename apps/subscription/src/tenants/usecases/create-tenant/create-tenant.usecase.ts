import { Injectable } from '@nestjs/common';
import { generateApiKey, hashApiKey } from '@hookline/webhook-crypto';
import { SubscriptionError, SubscriptionErrorCode } from '../../../errors/subscription.error';
import { newId } from '../../../ids/new-id';
import type { CreateTenantResponseDto } from '../../dto/create-tenant.response.dto';
import { TenantsRepository } from '../../persistence/tenants.repository';
import type { CreateTenantCommand } from './create-tenant.command';

/** Creates a tenant with its first API key, which is shown in this answer only. */
@Injectable()
export class CreateTenantUseCase {
  constructor(private readonly tenants: TenantsRepository) {}

  async execute(command: CreateTenantCommand): Promise<CreateTenantResponseDto> {
    const id = command.id ?? newId('ten');
    const apiKey = generateApiKey();
    const apiKeyId = newId('key');
    const created = await this.tenants.create(
      { id, name: command.name, apiKey: { id: apiKeyId, name: 'default', hash: hashApiKey(apiKey) } },
      new Date(),
    );
    if (!created) {
      throw new SubscriptionError(SubscriptionErrorCode.TenantExists, `tenant ${id} already exists`, 'id');
    }
    return { id, name: command.name, apiKey, apiKeyId };
  }
}
