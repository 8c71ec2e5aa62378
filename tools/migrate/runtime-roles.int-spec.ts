/**
 * On the real Postgres: the migration job, run as the migration role, leaves each service's runtime role
 * able to read and write its own schema's rows and nothing else: no other schema, no DDL, no migrations table.
 */
import { loadEnv } from '@hookline/config';
import { testDatabaseServerUrl } from '@hookline/testing';
import { MigrateEnv } from '../migrate-env';
import {
  createLeastPrivilegeDatabase,
  withClient,
  type LeastPrivilegeDatabase,
} from './least-privilege-database';
import { migrateAll, SERVICE_DATABASES } from './migrate-all';

const SCHEMAS = SERVICE_DATABASES.map((database) => database.schema);

async function attempt(url: string, sql: string): Promise<string> {
  return withClient(url, (client) => client.query(sql)).then(
    () => 'ok',
    (error: Error) => error.message,
  );
}

describe('migration role and per-service runtime roles', () => {
  let database: LeastPrivilegeDatabase;
  const tables: Record<string, string[]> = {};

  beforeAll(async () => {
    database = await createLeastPrivilegeDatabase(testDatabaseServerUrl(), SCHEMAS);
    const env = loadEnv(MigrateEnv, {
      DATABASE_URL: database.migrationUrl,
      DATABASE_RUNTIME_ROLES: database.runtimeRoles,
    });
    await migrateAll(env, () => undefined);
    await withClient(database.adminUrl, async (client) => {
      const { rows } = await client.query<{ schema: string; name: string }>(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
          WHERE table_schema = ANY($1) AND table_name <> 'migrations' AND table_type = 'BASE TABLE'`,
        [SCHEMAS],
      );
      for (const row of rows) (tables[row.schema] ??= []).push(row.name);
    });
  });
  afterAll(() => database?.drop());

  it('creates every schema owned by the migration role', async () => {
    const owners = await withClient(database.adminUrl, (client) =>
      client.query<{ owner: string }>(
        'SELECT DISTINCT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = ANY($1)',
        [SCHEMAS],
      ),
    );
    expect(owners.rows.map((row) => row.owner)).toEqual([new URL(database.migrationUrl).username]);
    expect(Object.keys(tables).length).toBeGreaterThanOrEqual(3);
  });

  it.each(SCHEMAS)('lets the %s role read and write every table of its own schema', async (schema) => {
    const url = database.runtimeUrls[schema];
    for (const table of tables[schema] ?? []) {
      const t = `"${schema}"."${table}"`;
      expect(await attempt(url, `SELECT count(*) FROM ${t}`)).toBe('ok');
      expect(await attempt(url, `INSERT INTO ${t} SELECT * FROM ${t} WHERE false`)).toBe('ok');
      expect(await attempt(url, `DELETE FROM ${t} WHERE false`)).toBe('ok');
    }
  });

  it.each(SCHEMAS)("keeps the %s role out of every other service's schema", async (schema) => {
    const url = database.runtimeUrls[schema];
    for (const other of SCHEMAS.filter((candidate) => candidate !== schema)) {
      for (const table of tables[other] ?? []) {
        expect(await attempt(url, `SELECT 1 FROM "${other}"."${table}" LIMIT 1`)).toMatch(
          /permission denied for schema/,
        );
      }
    }
  });

  it.each(SCHEMAS)('refuses the %s role any DDL and the migrations table', async (schema) => {
    const url = database.runtimeUrls[schema];
    expect(await attempt(url, `CREATE TABLE "${schema}".intruder (id int)`)).toMatch(/permission denied/);
    for (const table of tables[schema] ?? [])
      expect(await attempt(url, `ALTER TABLE "${schema}"."${table}" ADD COLUMN x int`)).toMatch(
        /must be owner/,
      );
    expect(await attempt(url, `SELECT * FROM "${schema}"."migrations"`)).toMatch(/permission denied/);
    expect(await attempt(url, 'CREATE TABLE public.intruder (id int)')).toMatch(/permission denied/);
  });

  it('grants tables a later migration creates too (default privileges)', async () => {
    await withClient(database.migrationUrl, (client) =>
      client.query('CREATE TABLE "health".later_table (id int)'),
    );
    expect(await attempt(database.runtimeUrls.health, 'INSERT INTO "health".later_table VALUES (1)')).toBe(
      'ok',
    );
    expect(await attempt(database.runtimeUrls.producer, 'SELECT * FROM "health".later_table')).toMatch(
      /permission denied/,
    );
  });
});
