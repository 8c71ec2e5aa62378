import { DataSource } from 'typeorm';
import { migrateServiceDatabase, serviceDataSourceOptions } from '@hookline/database';
import { REFUSED_DESTINATION_MESSAGES } from '@hookline/egress';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { subscriptionDatabase } from '../subscription-database';
import { ScrubRefusedDestinationDetails1764312000000 } from './1764312000000-scrub-refused-destination-details';

/** Verification errors as the release before fixed refusal words recorded them, and ones it must leave alone. */
const RECORDED = {
  ep_blocked:
    'request failed: HOOKLINE_BLOCKED_DESTINATION rebind.example.com resolves only to addresses that may not be contacted (127.0.0.1 is a loopback address)',
  ep_unresolvable:
    'request failed: HOOKLINE_BLOCKED_DESTINATION gone.example.com could not be resolved (getaddrinfo ENOTFOUND gone.example.com)',
  ep_status: 'endpoint answered 500, expected 2xx with the challenge',
  ep_timeout: 'request failed: timed out',
};

describe('migration: scrub refused-destination details from verification errors (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const open = async (migrations: typeof subscriptionDatabase.migrations) => {
    await dataSource?.destroy();
    dataSource = new DataSource(
      serviceDataSourceOptions(
        { ...subscriptionDatabase, migrations },
        { url: database.url, ssl: false, poolSize: 2 },
        'migration-test',
      ),
    );
    await dataSource.initialize();
    return migrateServiceDatabase(dataSource);
  };

  it('replaces recorded addresses with the fixed words, and leaves other errors as they were', async () => {
    const before = (subscriptionDatabase.migrations as unknown[]).filter(
      (migration) => migration !== ScrubRefusedDestinationDetails1764312000000,
    ) as typeof subscriptionDatabase.migrations;
    await open(before);
    await dataSource.query(`INSERT INTO subscription.tenants (id, name) VALUES ('acme', 'Acme')`);
    for (const [id, error] of Object.entries(RECORDED)) {
      await dataSource.query(
        `INSERT INTO subscription.endpoints (id, tenant_id, url, event_types, verification_status, verification_error)
         VALUES ($1, 'acme', 'https://x.example.com/', '{*}', 'failed', $2)`,
        [id, error],
      );
    }

    expect(await open(subscriptionDatabase.migrations)).toEqual([
      ScrubRefusedDestinationDetails1764312000000.name,
    ]);
    const rows: Array<{ id: string; verification_error: string }> = await dataSource.query(
      `SELECT id, verification_error FROM subscription.endpoints ORDER BY id`,
    );
    expect(Object.fromEntries(rows.map((row) => [row.id, row.verification_error]))).toEqual({
      ep_blocked: `request failed: ${REFUSED_DESTINATION_MESSAGES.blocked}`,
      ep_unresolvable: `request failed: ${REFUSED_DESTINATION_MESSAGES.unresolvable}`,
      ep_status: RECORDED.ep_status,
      ep_timeout: RECORDED.ep_timeout,
    });
  });
});
