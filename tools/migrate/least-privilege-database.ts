/**
 * For the least-privilege tests: a fresh database on the test Postgres with a migration role (DDL: it may
 * create schemas in the database) and one login role per service with no privileges yet, as the README's
 * Postgres section has an operator create them. Everything is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface LeastPrivilegeDatabase {
  /** The database as the migration role. */
  migrationUrl: string;
  /** The database as each service's runtime role, by schema name. */
  runtimeUrls: Record<string, string>;
  /** DATABASE_RUNTIME_ROLES for the migration job. */
  runtimeRoles: string;
  /** The database as the server's superuser (to inspect, not to run anything under test). */
  adminUrl: string;
  drop(): Promise<void>;
}

export async function createLeastPrivilegeDatabase(
  serverUrl: string,
  schemas: readonly string[],
): Promise<LeastPrivilegeDatabase> {
  const suffix = randomBytes(4).toString('hex');
  const database = `hookline_lp_${suffix}`;
  const migrator = `hookline_migrate_${suffix}`;
  const roles = Object.fromEntries(schemas.map((schema) => [schema, `hookline_${schema}_${suffix}`]));
  // A password each: a stock Postgres (scram-sha-256 over TCP) refuses a role without one.
  const password = randomBytes(12).toString('hex');
  const urlFor = (user: string | undefined, base: string): string => {
    const url = new URL(base);
    if (user !== undefined) {
      url.username = user;
      url.password = password;
    }
    url.pathname = `/${database}`;
    return url.toString();
  };
  await withClient(serverUrl, async (client) => {
    await client.query(`CREATE DATABASE ${database}`);
    await client.query(`CREATE ROLE ${migrator} LOGIN PASSWORD '${password}'`);
    for (const role of Object.values(roles))
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await client.query(`GRANT CONNECT, CREATE ON DATABASE ${database} TO ${migrator}`);
  });
  // Postgres 14 and older let every role create tables in `public`; no role here needs it.
  await withClient(urlFor(undefined, serverUrl), (client) =>
    client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC'),
  );
  return {
    migrationUrl: urlFor(migrator, serverUrl),
    runtimeUrls: Object.fromEntries(schemas.map((schema) => [schema, urlFor(roles[schema], serverUrl)])),
    runtimeRoles: schemas.map((schema) => `${schema}=${roles[schema]}`).join(','),
    adminUrl: urlFor(undefined, serverUrl),
    drop: async () => {
      await withClient(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        for (const role of [migrator, ...Object.values(roles)])
          await client.query(`DROP ROLE IF EXISTS ${role}`);
      });
    },
  };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
