import { Injectable } from '@nestjs/common';
import { endpointNotFound } from '../../endpoint-not-found';
import { EndpointsRepository } from '../../persistence/endpoints.repository';

/** Deletes the endpoint and its secrets; the topic gets a tombstone, the tenant `endpoint.deleted`. */
@Injectable()
export class DeleteEndpointUseCase {
  constructor(private readonly endpoints: EndpointsRepository) {}

  async execute(tenantId: string, endpointId: string): Promise<void> {
    if (!(await this.endpoints.delete(tenantId, endpointId, new Date()))) throw endpointNotFound(endpointId);
  }
}
