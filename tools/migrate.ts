/**
 * Applies every service's pending migrations, each in its own schema. Services also migrate at start
 * (DATABASE_MIGRATE_ON_START); deployments that prefer a separate step run this as a job
 * (`node dist/tools/migrate.js`, or `npm run migrate` from a checkout).
 */
import { CommonEnv, databaseConnectionConfig, loadEnv } from '@hookline/config';
import { migrateServiceDatabase, serviceDataSourceOptions, type ServiceDatabase } from '@hookline/database';
import { DataSource } from 'typeorm';
import { deliveryDatabase } from '../apps/delivery/src/database/delivery-database';
import { healthDatabase } from '../apps/health/src/database/health-database';
import { producerDatabase } from '../apps/producer/src/database/producer-database';
import { subscriptionDatabase } from '../apps/subscription/src/database/subscription-database';

export const SERVICE_DATABASES: ServiceDatabase[] = [
  producerDatabase,
  subscriptionDatabase,
  deliveryDatabase,
  healthDatabase,
];

async function migrateAll(): Promise<void> {
  const connection = databaseConnectionConfig(loadEnv(CommonEnv));
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
      console.log(
        `${database.schema}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`,
      );
    } finally {
      await dataSource.destroy();
    }
  }
}

migrateAll().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
