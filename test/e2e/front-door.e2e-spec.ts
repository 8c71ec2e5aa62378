import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import {
  PlatformClient,
  TestReceiver,
  createTestDatabase,
  freePort,
  generatePlatformSecrets,
  startFrontDoor,
  startLocalPlatform,
  testKafkaBrokers,
  waitFor,
  type LocalPlatform,
  type ServiceProcess,
  type TestDatabase,
} from '@hookline/testing';

/**
 * The front door (the console service): one origin that routes every /v1 path to the service owning it, as
 * the chart's Ingress does, with the console at `/`. Real services, Kafka, Postgres and HTTP.
 */
describe('front door: one origin for the console and every API', () => {
  const secrets = generatePlatformSecrets();
  const receiver = new TestReceiver();
  let database: TestDatabase;
  let platform: LocalPlatform;
  let door: ServiceProcess;
  let strictDoor: ServiceProcess;
  let client: PlatformClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    await receiver.start();
    const namespace = `e2e${randomBytes(4).toString('hex')}.`;
    const logDir = join(__dirname, '..', '..', 'reports', 'logs', namespace);
    platform = await startLocalPlatform({
      kafkaBrokers: testKafkaBrokers(),
      databaseUrl: database.url,
      secrets,
      namespace,
      logDir,
      // Generous: on a machine shared with other test runs, services have taken over a minute to boot.
      readyTimeoutMs: 150_000,
    });
    door = await startFrontDoor(platform, { logDir });
    // A second door as the chart runs it by default: operator API hidden, a small body limit, and
    // delivery pointed at a port nobody listens on.
    strictDoor = await startFrontDoor(platform, {
      logDir: join(logDir, 'strict'),
      exposeOperatorApi: false,
      extra: {
        CONSOLE_PROXY_BODY_LIMIT: '1kb',
        CONSOLE_DELIVERY_URL: `http://127.0.0.1:${await freePort()}`,
      },
    });
    // Every call of the test goes through the front door: the four URLs are the same origin.
    client = new PlatformClient(
      { producer: door.url, subscription: door.url, delivery: door.url, health: door.url },
      secrets,
    );
  });

  afterAll(async () => {
    await strictDoor?.stop();
    await door?.stop();
    await platform?.stop();
    await receiver.stop();
    await database?.drop();
  });

  it('routes subscription, producer, delivery and health paths to their services on one origin', async () => {
    const tenant = await client.createTenant({ name: 'Front Door Inc' });
    const endpoint = await client.createEndpoint(tenant.apiKey, { url: receiver.url('/front-door') });
    expect(endpoint.id).toMatch(/^ep_/);

    const published = await client.publishEvent({
      id: 'evt_front_door_1',
      type: 'customer.created',
      subject: 'cus_fd',
      tenant: tenant.id,
      data: {},
    });
    expect(published).toEqual({ status: 202, body: { id: 'evt_front_door_1', duplicate: false } });

    // Only delivery lists attempts; only health answers /v1/endpoints/:id/health and traces.
    const attempts = await waitFor(
      async () => {
        const page = await client.call(
          'GET',
          `${door.url}/v1/attempts?eventId=evt_front_door_1`,
          tenant.apiKey,
        );
        const data = (page.body as { data?: unknown[] }).data ?? [];
        return page.status === 200 && data.length > 0 ? data : undefined;
      },
      { what: 'the attempt through the front door', timeoutMs: 30_000 },
    );
    expect(attempts[0]).toMatchObject({ endpointId: endpoint.id, result: 'succeeded', statusCode: 200 });
    const health = await waitFor(
      async () => {
        const response = await client.endpointHealth(tenant.apiKey, endpoint.id);
        return response.status === 200 && response.body.lastSuccessAt !== null ? response.body : undefined;
      },
      { what: 'health through the front door' },
    );
    expect(health).toMatchObject({ endpointId: endpoint.id, state: 'healthy' });
    const trace = await client.call('GET', `${door.url}/v1/events/evt_front_door_1/trace`, tenant.apiKey);
    expect(trace.status).toBe(200);
    const list = await client.call('GET', `${door.url}/v1/endpoints/health`, tenant.apiKey);
    expect(list.status).toBe(200);
    expect(
      (list.body as { data: Array<{ endpointId: string }> }).data.map((row) => row.endpointId),
    ).toContain(endpoint.id);
  });

  it('serves the console at / and its assets, with a policy that allows only its own origin', async () => {
    const page = await fetch(`${door.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await page.text()).toContain('/console/assets/console.js');
    const script = await fetch(`${door.url}/console/assets/console.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it("serves the subscription service's OpenAPI document at /openapi/subscription.json", async () => {
    const response = await fetch(`${door.url}/openapi/subscription.json`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('answers 404 for a /v1 path no service owns, and hides the operator API unless exposed', async () => {
    const unknown = await fetch(`${door.url}/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    const hidden = await fetch(`${strictDoor.url}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Should not exist' }),
    });
    expect(hidden.status).toBe(404);
  });

  it('refuses a body over its limit with 413, declared or streamed without a length', async () => {
    const declared = await fetch(`${strictDoor.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(4096) }),
    });
    expect(declared.status).toBe(413);
    expect(await chunkedPost(`${strictDoor.url}/v1/events`, 8, 1024)).toBe(413);
  });

  it('answers 503 with the service named when the service behind a path is down', async () => {
    const response = await fetch(`${strictDoor.url}/v1/attempts`, {
      headers: { authorization: 'Bearer whatever' },
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ message: 'delivery is unreachable' });
  });
});

/** POSTs `chunks` chunks of `size` bytes with Transfer-Encoding: chunked (no Content-Length). */
function chunkedPost(url: string, chunks: number, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    for (let index = 0; index < chunks; index += 1) req.write(Buffer.alloc(size, 32));
    req.end();
  });
}
