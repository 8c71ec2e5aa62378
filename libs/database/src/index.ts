export { migrateServiceDatabase, openServiceDataSource, serviceDataSourceOptions } from './service-database';
export type { ServiceDatabase } from './service-database';
export { DatabaseModule } from './database.module';
export type { DatabaseModuleOptions } from './database.module';
export { countQuotaUse, quotaUses } from './quota-window-counts';
export type { Queryable, QuotaWindowKey } from './quota-window-counts';
