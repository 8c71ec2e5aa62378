import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { TenantRequest } from './tenant-api-key.guard';

/** The tenant id a guard authenticated for this request. */
export const CurrentTenant = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const tenantId = context.switchToHttp().getRequest<TenantRequest>().tenantId;
  if (tenantId === undefined) throw new Error('CurrentTenant used on a route without a tenant guard');
  return tenantId;
});
