import type { EndpointChanges } from '../../domain/plan-endpoint-update';

export interface UpdateEndpointCommand {
  tenantId: string;
  endpointId: string;
  changes: EndpointChanges;
}
