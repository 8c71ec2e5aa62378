/**
 * Applies every service's pending migrations, each in its own schema, and grants each service's runtime role
 * its own schema (DATABASE_RUNTIME_ROLES). Services also migrate at start (DATABASE_MIGRATE_ON_START);
 * deployments that prefer a separate step run this as a job (`node dist/tools/migrate.js`, or
 * `npm run migrate` from a checkout).
 */
import { loadEnv } from '@hookline/config';
import { MigrateEnv } from './migrate-env';
import { migrateAll } from './migrate/migrate-all';

migrateAll(loadEnv(MigrateEnv), (line) => console.log(line)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
