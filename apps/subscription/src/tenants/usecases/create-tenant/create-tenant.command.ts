export interface CreateTenantCommand {
  id?: string;
  name: string;
}
