import { Injectable } from '@nestjs/common';
import { encodeCursor } from '../../../pagination/domain/page-cursor';
import { pageRequest } from '../../../pagination/page-request';
import { toEndpointResponse, type EndpointPageResponseDto } from '../../dto/endpoint.response.dto';
import { EndpointsRepository } from '../../persistence/endpoints.repository';

/** The tenant's endpoints in creation order, a page at a time. */
@Injectable()
export class ListEndpointsUseCase {
  constructor(private readonly endpoints: EndpointsRepository) {}

  async execute(
    tenantId: string,
    query: { limit?: number; cursor?: string },
  ): Promise<EndpointPageResponseDto> {
    const page = await this.endpoints.page(tenantId, pageRequest(query));
    return {
      data: page.items.map((endpoint) => toEndpointResponse(endpoint)),
      nextCursor: page.next === undefined ? null : encodeCursor(page.next),
    };
  }
}
