import { Injectable } from '@nestjs/common';
import { endpointNotFound } from '../../endpoint-not-found';
import { toEndpointResponse, type EndpointResponseDto } from '../../dto/endpoint.response.dto';
import { EndpointsRepository } from '../../persistence/endpoints.repository';

@Injectable()
export class GetEndpointUseCase {
  constructor(private readonly endpoints: EndpointsRepository) {}

  async execute(tenantId: string, endpointId: string): Promise<EndpointResponseDto> {
    const endpoint = await this.endpoints.findOne(tenantId, endpointId);
    if (endpoint === null) throw endpointNotFound(endpointId);
    return toEndpointResponse(endpoint);
  }
}
