import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import {
  PlatformClient,
  TestReceiver,
  createTestDatabase,
  generatePlatformSecrets,
  startLocalPlatform,
  testKafkaBrokers,
  waitFor,
  type LocalPlatform,
  type TestDatabase,
} from '@hookline/testing';

/**
 * The README's walk-through, as a user runs it: four services as separate processes, real Kafka and
 * Postgres, a receiver on real HTTP, and the official Standard Webhooks verifier on the other end.
 */
describe('walk-through: one event from ingest to a verified webhook and lastSuccessAt', () => {
  const secrets = generatePlatformSecrets();
  const receiver = new TestReceiver();
  let database: TestDatabase;
  let platform: LocalPlatform;
  let client: PlatformClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    await receiver.start();
    const namespace = `e2e${randomBytes(4).toString('hex')}.`;
    platform = await startLocalPlatform({
      kafkaBrokers: testKafkaBrokers(),
      databaseUrl: database.url,
      secrets,
      namespace,
      logDir: join(__dirname, '..', '..', 'reports', 'logs', namespace),
    });
    client = new PlatformClient(platform.urls, secrets);
  });

  afterAll(async () => {
    await platform?.stop();
    await receiver.stop();
    await database?.drop();
  });

  it('delivers a signed customer.created that the official verifier accepts, then records lastSuccessAt', async () => {
    const tenant = await client.createTenant({ id: `acme-${randomBytes(3).toString('hex')}`, name: 'Acme' });
    const endpoint = await client.createEndpoint(tenant.apiKey, {
      url: receiver.url('/hooks'),
      eventTypes: ['customer.*'],
    });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const published = await client.publishEvent({
      id: 'evt_walkthrough_1',
      type: 'customer.created',
      subject: 'cus_1',
      tenant: tenant.id,
      data: { name: 'Ada Lovelace' },
    });
    expect(published).toEqual({ status: 202, body: { id: 'evt_walkthrough_1', duplicate: false } });

    const request = await waitFor(() => receiver.requests[0], { what: 'the webhook', timeoutMs: 30_000 });
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    const verified = new Webhook(endpoint.secret).verify(request.body, headers) as Record<string, unknown>;
    expect(verified).toMatchObject({
      id: 'evt_walkthrough_1',
      type: 'customer.created',
      subject: 'cus_1',
      tenantid: tenant.id,
      data: { name: 'Ada Lovelace' },
    });
    expect(() => new Webhook(endpoint.secret).verify(request.body.replace('Ada', 'Eve'), headers)).toThrow();
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^Hookline/);

    const health = await waitFor(
      async () => {
        const response = await client.endpointHealth(tenant.apiKey, endpoint.id);
        return response.status === 200 && response.body.lastSuccessAt !== null ? response.body : undefined;
      },
      { what: 'lastSuccessAt', timeoutMs: 30_000 },
    );
    expect(health).toMatchObject({
      endpointId: endpoint.id,
      state: 'healthy',
      lastStatus: 200,
      consecutiveFailures: 0,
    });
  });

  it('answers a repeated event id with 200 and duplicate: true, and delivers it once', async () => {
    const tenant = await client.createTenant({ name: 'Dedupe Inc' });
    await client.createEndpoint(tenant.apiKey, { url: receiver.url('/dedupe') });
    const event = { id: 'evt_dup', type: 'customer.updated', subject: 'cus_2', tenant: tenant.id, data: {} };
    expect((await client.publishEvent(event)).status).toBe(202);
    expect(await client.publishEvent(event)).toEqual({
      status: 200,
      body: { id: 'evt_dup', duplicate: true },
    });
    // The `*` endpoint also hears its own endpoint.created (an operational event); count evt_dup only.
    const duplicates = () =>
      receiver.requests.filter((r) => r.path === '/dedupe' && r.body.includes('"id":"evt_dup"'));
    await waitFor(() => duplicates().length > 0, { what: 'the dedupe webhook' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(duplicates()).toHaveLength(1);
  });

  it("does not let one tenant's key read another tenant's endpoint health", async () => {
    const owner = await client.createTenant({ name: 'Owner' });
    const other = await client.createTenant({ name: 'Other' });
    const endpoint = await client.createEndpoint(owner.apiKey, { url: receiver.url('/owner') });
    await client.publishEvent({ type: 'customer.created', subject: 'c', tenant: owner.id, data: {} });
    await waitFor(async () => (await client.endpointHealth(owner.apiKey, endpoint.id)).status === 200, {
      what: 'the owner health record',
    });
    expect((await client.endpointHealth(other.apiKey, endpoint.id)).status).toBe(404);
    expect((await client.endpointHealth('hk_not_a_key', endpoint.id)).status).toBe(401);
  });

  it('rejects an invalid event with a 400 naming each field', async () => {
    const response = await client.publishEvent({ type: 'Customer Created', tenant: 't1' });
    expect(response.status).toBe(400);
    const fields = (response.body as { errors: Array<{ field: string }> }).errors.map((error) => error.field);
    expect(fields.sort()).toEqual(['data', 'subject', 'type']);
  });
});
