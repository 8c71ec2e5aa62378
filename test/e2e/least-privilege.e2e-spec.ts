import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadEnv } from '@hookline/config';
import {
  PlatformClient,
  SERVICE_NAMES,
  TestReceiver,
  generatePlatformSecrets,
  startLocalPlatform,
  testDatabaseServerUrl,
  testKafkaBrokers,
  waitFor,
  type LocalPlatform,
} from '@hookline/testing';
import { MigrateEnv } from '../../tools/migrate-env';
import {
  createLeastPrivilegeDatabase,
  type LeastPrivilegeDatabase,
} from '../../tools/migrate/least-privilege-database';
import { migrateAll, SERVICE_DATABASES } from '../../tools/migrate/migrate-all';

/**
 * Least privilege, run for real: the migration job migrates as the migration role and grants each service's
 * runtime role its own schema; then every service runs as its own role (no DDL, no other schema) and an
 * event still goes from ingest to a delivered webhook and the endpoint's health record.
 */
describe('least privilege: every service on its own Postgres role', () => {
  const secrets = generatePlatformSecrets();
  const receiver = new TestReceiver();
  let database: LeastPrivilegeDatabase;
  let platform: LocalPlatform;
  let client: PlatformClient;

  beforeAll(async () => {
    database = await createLeastPrivilegeDatabase(
      testDatabaseServerUrl(),
      SERVICE_DATABASES.map((service) => service.schema),
    );
    await migrateAll(
      loadEnv(MigrateEnv, {
        DATABASE_URL: database.migrationUrl,
        DATABASE_RUNTIME_ROLES: database.runtimeRoles,
      }),
      () => undefined,
    );
    await receiver.start();
    const namespace = `e2e${randomBytes(4).toString('hex')}.`;
    platform = await startLocalPlatform({
      kafkaBrokers: testKafkaBrokers(),
      // Never used as is: every service gets its own role's URL below.
      databaseUrl: database.migrationUrl,
      secrets,
      namespace,
      extra: { DATABASE_MIGRATE_ON_START: 'false' },
      serviceEnv: Object.fromEntries(
        SERVICE_NAMES.map((service) => [service, { DATABASE_URL: database.runtimeUrls[service] }]),
      ),
      logDir: join(__dirname, '..', '..', 'reports', 'logs', namespace),
    });
    client = new PlatformClient(platform.urls, secrets);
  });

  afterAll(async () => {
    await platform?.stop();
    await receiver.stop();
    await database?.drop();
  });

  it('delivers an event and records the endpoint healthy, each service as its own role', async () => {
    const tenant = await client.createTenant({ id: `lp-${randomBytes(3).toString('hex')}`, name: 'LP' });
    const endpoint = await client.createEndpoint(tenant.apiKey, {
      url: receiver.url('/hooks'),
      eventTypes: ['order.*'],
    });
    const published = await client.publishEvent({
      id: 'evt_least_privilege_1',
      type: 'order.created',
      subject: 'ord_1',
      tenant: tenant.id,
      data: { total: 1 },
    });
    expect(published.status).toBe(202);
    await waitFor(() => receiver.requests[0], { what: 'the webhook', timeoutMs: 60_000 });
    const health = await waitFor(
      async () => {
        const response = await client.endpointHealth(tenant.apiKey, endpoint.id);
        return response.status === 200 && response.body.lastSuccessAt !== null ? response.body : undefined;
      },
      { what: 'lastSuccessAt', timeoutMs: 60_000 },
    );
    expect(health.lastSuccessAt).toEqual(expect.any(String));
  });
});
