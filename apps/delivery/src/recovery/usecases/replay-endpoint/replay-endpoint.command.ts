export interface ReplayEndpointCommand {
  tenantId: string;
  endpointId: string;
  since: Date;
  until: Date;
}
