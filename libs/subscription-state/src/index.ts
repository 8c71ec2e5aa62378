export { SubscriptionState } from './subscription-state';
export type { EndpointChange } from './subscription-state';
export { SubscriptionReplica } from './subscription-replica';
export { TenantApiKeyGuard } from './tenant-api-key.guard';
export type { TenantRequest } from './tenant-api-key.guard';
export { CurrentTenant } from './current-tenant.decorator';
export { SubscriptionStateModule } from './subscription-state.module';
export type { SubscriptionStateOptions } from './subscription-state.module';
