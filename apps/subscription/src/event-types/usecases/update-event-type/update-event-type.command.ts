export interface UpdateEventTypeCommand {
  tenantId: string;
  type: string;
  description?: string;
  schema?: Record<string, unknown> | null;
  archived?: boolean;
}
