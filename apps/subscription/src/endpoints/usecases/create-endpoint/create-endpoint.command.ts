export interface CreateEndpointCommand {
  tenantId: string;
  url: string;
  description?: string;
  eventTypes?: string[];
  entityTypes?: string[];
  headers?: Record<string, string>;
  rateLimitPerSecond?: number | null;
  enabled?: boolean;
  secret?: string;
  verify?: boolean;
}
