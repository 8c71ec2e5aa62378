export interface RegisterEventTypeCommand {
  tenantId: string;
  type: string;
  description?: string;
  schema?: Record<string, unknown> | null;
}
