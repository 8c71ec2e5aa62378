export interface RecoverEndpointCommand {
  tenantId: string;
  endpointId: string;
  since?: Date;
}
