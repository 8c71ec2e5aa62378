import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import type { DatabaseConnectionConfig } from '@hookline/config';

/** What a service owns in Postgres: one schema, its entities, and the migrations that build it. */
export interface ServiceDatabase {
  schema: string;
  // TypeORM's own type for entity and migration class lists.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

export function serviceDataSourceOptions(
  database: ServiceDatabase,
  connection: DatabaseConnectionConfig,
  applicationName: string,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: connection.url,
    ssl: connection.ssl ? { rejectUnauthorized: true } : false,
    applicationName,
    schema: database.schema,
    entities: database.entities,
    migrations: database.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // Schema changes only ever come from reviewed migrations.
    synchronize: false,
    migrationsRun: false,
    extra: { max: connection.poolSize },
  };
}

/** Creates the service's schema if needed and applies pending migrations; returns their names. */
export async function migrateServiceDatabase(dataSource: DataSource): Promise<string[]> {
  const schema = dataSource.driver.schema;
  if (schema === undefined) throw new Error('a service data source must name its schema');
  // The migrations table lives in the schema, so the schema has to exist before TypeORM looks for it.
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((migration) => migration.name);
}

export async function openServiceDataSource(
  options: DataSourceOptions,
  migrate: boolean,
): Promise<DataSource> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  if (migrate) await migrateServiceDatabase(dataSource);
  return dataSource;
}
