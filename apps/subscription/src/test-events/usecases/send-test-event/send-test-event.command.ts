export interface SendTestEventCommand {
  tenantId: string;
  endpointId: string;
  eventType: string;
  data?: Record<string, unknown>;
  subject?: string;
}
