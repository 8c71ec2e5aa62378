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
    extra: poolOptions(connection),
  };
}

/** Time a client-side query timer gives the server past `statement_timeout` to answer with its own error. */
const CLIENT_TIMER_GRACE_MS = 2_000;

/**
 * node-postgres pool options: a bounded wait for a connection, and the statement timeout both on the
 * server and as a client-side timer (a server behind a dropped network never answers at all).
 */
function poolOptions(connection: DatabaseConnectionConfig): Record<string, unknown> {
  const statementTimeoutMs = connection.statementTimeoutMs ?? 0;
  return {
    max: connection.poolSize,
    ...(connection.connectTimeoutMs === undefined
      ? {}
      : { connectionTimeoutMillis: connection.connectTimeoutMs }),
    ...(statementTimeoutMs > 0
      ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + CLIENT_TIMER_GRACE_MS }
      : {}),
    keepAlive: true,
  };
}

/** The same data source without statement timeouts: a migration (an index build) may rightly take long. */
function withoutStatementTimeouts(options: DataSourceOptions): DataSourceOptions {
  const extra: Record<string, unknown> = { ...(options.extra as Record<string, unknown> | undefined) };
  delete extra.statement_timeout;
  delete extra.query_timeout;
  return { ...options, extra: { ...extra, max: 1 } };
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
  if (migrate) {
    const migrations = await new DataSource(withoutStatementTimeouts(options)).initialize();
    try {
      await migrateServiceDatabase(migrations);
    } finally {
      await migrations.destroy();
    }
  }
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  return dataSource;
}
