/**
 * Applies every service's pending migrations, each in its own schema, then (DATABASE_RUNTIME_ROLES) grants
 * each service's runtime role read/write on its own schema's rows. Run as the migration role, which owns the
 * schemas: only the owner can grant on them.
 */
import { databaseConnectionConfig } from '@hookline/config';
import { migrateServiceDatabase, serviceDataSourceOptions, type ServiceDatabase } from '@hookline/database';
import { DataSource } from 'typeorm';
import { deliveryDatabase } from '../../apps/delivery/src/database/delivery-database';
import { healthDatabase } from '../../apps/health/src/database/health-database';
import { producerDatabase } from '../../apps/producer/src/database/producer-database';
import { subscriptionDatabase } from '../../apps/subscription/src/database/subscription-database';
import type { MigrateEnv } from '../migrate-env';
import { parseRuntimeRoles, runtimeRoleGrants } from './runtime-roles';

export const SERVICE_DATABASES: ServiceDatabase[] = [
  producerDatabase,
  subscriptionDatabase,
  deliveryDatabase,
  healthDatabase,
];

export async function migrateAll(env: MigrateEnv, log: (line: string) => void): Promise<void> {
  const connection = databaseConnectionConfig(env);
  const schemas = SERVICE_DATABASES.map((database) => database.schema);
  const roles = parseRuntimeRoles(env.DATABASE_RUNTIME_ROLES, schemas);
  for (const database of SERVICE_DATABASES) {
    // No statement timeout for migrations: an index build may rightly take long.
    const options = serviceDataSourceOptions(
      database,
      { ...connection, statementTimeoutMs: 0 },
      'hookline-migrate',
    );
    const dataSource = new DataSource(options);
    await dataSource.initialize();
    try {
      const applied = await migrateServiceDatabase(dataSource);
      log(`${database.schema}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`);
      const role = roles.get(database.schema);
      if (role !== undefined) {
        for (const statement of runtimeRoleGrants(database.schema, role)) await dataSource.query(statement);
        log(`${database.schema}: read/write on its rows granted to ${role}`);
      }
    } finally {
      await dataSource.destroy();
    }
  }
}
