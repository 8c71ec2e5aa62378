export interface ResendDeliveryCommand {
  tenantId: string;
  eventId: string;
  endpointId: string;
}
