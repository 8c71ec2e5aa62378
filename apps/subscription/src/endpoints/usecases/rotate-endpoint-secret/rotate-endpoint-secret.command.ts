export interface RotateEndpointSecretCommand {
  tenantId: string;
  endpointId: string;
  overlapSeconds?: number;
  secret?: string;
}
