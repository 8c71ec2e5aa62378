import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { EndpointRecord } from '@hookline/contracts';
import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from '@hookline/testing';
import { createTenant, type TestTenant } from './support/tenant-fixtures';
import { startSubscriptionTestApp, type SubscriptionTestApp } from './support/subscription-test-app';
import { waitForRecord } from './support/topic-records';

const LIMIT = 65_536;

/**
 * Kafka's record limit enforced at the API (real HTTP, Postgres, Kafka), with KAFKA_MAX_MESSAGE_BYTES at its
 * lowest (64 KiB): a change whose state record would not fit is refused before it commits, and one event's
 * routing record can never list more endpoints than fit.
 */
describe('record size limits at the API (real HTTP, Postgres, Kafka)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    app = await startSubscriptionTestApp({
      database,
      kafka,
      env: { KAFKA_MAX_MESSAGE_BYTES: String(LIMIT) },
    });
    tenant = await createTenant(app);
  });

  const sql = async (text: string, values: unknown[]) => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  const insertLiveKeys = (tenantId: string, count: number) =>
    sql(
      `INSERT INTO subscription.api_keys (id, tenant_id, name, key_hash, created_at)
       SELECT 'key_' || md5(random()::text), $1, 'k', $2 || lpad(i::text, 8, '0'), now()
       FROM generate_series(1, $3) AS i`,
      [tenantId, randomBytes(28).toString('hex'), count],
    );

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('refuses with 422 naming the limit the API key that would make the tenant record too large, and commits nothing', async () => {
    const keys = await createTenant(app, 'Many keys');
    expect(
      (await app.call('PATCH', `/v1/tenants/${keys.id}/quotas`, app.operatorToken, { apiKeys: 1_000 }))
        .status,
    ).toBe(200);
    // Set-up straight in the table (hundreds of HTTP calls would only be slow): 400 live keys, ~52 KB of record.
    await insertLiveKeys(keys.id, 400);
    const issued: string[] = [];
    let refused: Awaited<ReturnType<SubscriptionTestApp['call']>> | undefined;
    while (refused === undefined && issued.length < 200) {
      const answer = await app.call('POST', '/v1/api-keys', keys.apiKey, { name: 'k' });
      if (answer.status === 201) issued.push(answer.body.id as string);
      else refused = answer;
    }
    // Each live key takes ~120-130 bytes of the record: some 500 fit in 64 KiB.
    expect(issued.length + 400).toBeGreaterThan(440);
    expect(refused?.status).toBe(422);
    expect(refused?.body).toMatchObject({
      code: 'RECORD_TOO_LARGE',
      message: expect.stringContaining(`over the limit of ${LIMIT} bytes per record`) as string,
    });
    // The refused key was never committed: the tenant holds its first key and those issued.
    const usage = (await app.call('GET', '/v1/quotas', keys.apiKey)).body.quotas.apiKeys.usage as number;
    expect(usage).toBe(issued.length + 401);

    // Revoked keys leave the record, so revoking one makes room for the next.
    expect((await app.call('DELETE', `/v1/api-keys/${issued[0]}`, keys.apiKey)).status).toBe(204);
    expect((await app.call('POST', '/v1/api-keys', keys.apiKey, { name: 'k' })).status).toBe(201);
  });

  it("caps a tenant's endpoints at what one routing record can list, whatever the override", async () => {
    const raised = await app.call('PATCH', `/v1/tenants/${tenant.id}/quotas`, app.operatorToken, {
      endpoints: 5_000,
    });
    expect(raised.status).toBe(200);
    const quotas = (await app.call('GET', '/v1/quotas', tenant.apiKey)).body.quotas as Record<
      string,
      { limit: number }
    >;
    // (65,536 - 16,384) / 96 bytes per listed endpoint.
    expect(quotas.endpoints.limit).toBe(512);
  });

  it('stores an endpoint URL with | and a space in its path normalised, and publishes it so', async () => {
    const created = await app.call('POST', '/v1/endpoints', tenant.apiKey, {
      url: 'http://127.0.0.1:9/hooks/a|b c',
    });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe('http://127.0.0.1:9/hooks/a|b%20c');
    const record = await waitForRecord<EndpointRecord>(
      kafka,
      kafka.topics.subscriptions,
      created.body.id as string,
      () => true,
    );
    expect(record.url).toBe('http://127.0.0.1:9/hooks/a|b%20c');
  });

  it('parks an outbox row Kafka can never take, shows it in /metrics, and publishes the changes behind it', async () => {
    // A row written before the limit was lowered (set-up straight in the outbox: the API refuses such rows).
    await sql(
      `INSERT INTO subscription.outbox (topic, key, value, headers) VALUES ($1, 'ep_old', $2, '{}')`,
      [kafka.topics.subscriptions, JSON.stringify({ blob: 'x'.repeat(LIMIT) })],
    );
    const after = await app.call('POST', '/v1/endpoints', tenant.apiKey, { url: 'http://127.0.0.1:9/after' });
    expect(after.status).toBe(201);
    await waitForRecord<EndpointRecord>(
      kafka,
      kafka.topics.subscriptions,
      after.body.id as string,
      () => true,
    );
    const metrics = (await app.call<string>('GET', '/metrics')).body;
    expect(metrics).toMatch(/hookline_outbox_parked_rows\{schema="subscription"\} 1\b/);
    expect(metrics).toMatch(
      /hookline_outbox_parked_records_total\{schema="subscription",reason="too_large"\} 1\b/,
    );
  });
});
