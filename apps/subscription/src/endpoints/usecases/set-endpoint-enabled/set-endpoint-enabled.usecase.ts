import { Injectable } from '@nestjs/common';
import { endpointNotFound } from '../../endpoint-not-found';
import { toEndpointResponse, type EndpointResponseDto } from '../../dto/endpoint.response.dto';
import { EndpointsRepository } from '../../persistence/endpoints.repository';

/**
 * Enables or disables an endpoint at the tenant's request. Enabling clears the reason Hookline gave when it
 * disabled it; a tenant's own disable carries no reason. Asking for the current state changes nothing.
 */
@Injectable()
export class SetEndpointEnabledUseCase {
  constructor(private readonly endpoints: EndpointsRepository) {}

  async execute(tenantId: string, endpointId: string, enabled: boolean): Promise<EndpointResponseDto> {
    const endpoint = await this.endpoints.modify(tenantId, endpointId, new Date(), (current) =>
      current.enabled === enabled
        ? undefined
        : {
            patch: { enabled, disabledReason: null },
            events: [{ action: enabled ? 'enabled' : 'disabled', details: { by: 'tenant' } }],
          },
    );
    if (endpoint === null) throw endpointNotFound(endpointId);
    return toEndpointResponse(endpoint);
  }
}
