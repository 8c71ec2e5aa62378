import { Injectable } from '@nestjs/common';
import { encodeCursor } from '../../../pagination/domain/page-cursor';
import { pageRequest } from '../../../pagination/page-request';
import { toApiKeyResponse, type ApiKeyPageResponseDto } from '../../dto/api-key.dto';
import { ApiKeysRepository } from '../../persistence/api-keys.repository';

@Injectable()
export class ListApiKeysUseCase {
  constructor(private readonly apiKeys: ApiKeysRepository) {}

  async execute(
    tenantId: string,
    query: { limit?: number; cursor?: string },
  ): Promise<ApiKeyPageResponseDto> {
    const page = await this.apiKeys.page(tenantId, pageRequest(query));
    return {
      data: page.items.map(toApiKeyResponse),
      nextCursor: page.next === undefined ? null : encodeCursor(page.next),
    };
  }
}
