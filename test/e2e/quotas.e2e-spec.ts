import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  PlatformClient,
  TestReceiver,
  createTestDatabase,
  freePort,
  generatePlatformSecrets,
  startLocalPlatform,
  testKafkaBrokers,
  waitFor,
  type CreatedTenant,
  type LocalPlatform,
  type TestDatabase,
} from '@hookline/testing';

/** Test code reads response bodies field by field; `any` keeps those reads short. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The global cap the delivery process runs with here, far below what four endpoints would open without it. */
const GLOBAL_CONCURRENCY = 4;

/** Per-minute quotas count in whole-minute windows: start a block of requests early in a minute. */
async function earlyInAMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
}

/**
 * Tenant quotas and the global fan-out cap across the real services (four processes, Kafka, Postgres, a
 * receiver): the subscription service refuses each count quota at its limit and shows it on GET /v1/quotas;
 * an operator's override reaches delivery on the tenant record, and delivery refuses a second concurrent
 * replay and resends beyond the minute's quota; delivery never has more attempts in flight than its cap.
 */
describe('quotas and the global fan-out cap (services as processes)', () => {
  const secrets = generatePlatformSecrets();
  const namespace = `e2equota${randomBytes(3).toString('hex')}.`;
  const receiver = new TestReceiver();
  let database: TestDatabase;
  let platform: LocalPlatform;
  let client: PlatformClient;

  const call = async (method: string, url: string, token: string | undefined, body?: unknown) => {
    const response = await fetch(url, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: text === '' ? undefined : JSON.parse(text),
    };
  };
  const subscription = (method: string, path: string, token: string, body?: unknown) =>
    call(method, `${platform.urls.subscription}${path}`, token, body);
  const delivery = (method: string, path: string, token: string, body?: unknown) =>
    call(method, `${platform.urls.delivery}${path}`, token, body);
  const override = (tenant: CreatedTenant, changes: Record<string, number | null>) =>
    subscription('PATCH', `/v1/tenants/${tenant.id}/quotas`, secrets.operatorToken, changes);
  const newTenant = () => client.createTenant({ id: `q-${randomBytes(4).toString('hex')}`, name: 'Quotas' });
  const deliveryQuotas = async (tenant: CreatedTenant): Promise<Json> =>
    (await delivery('GET', '/v1/quotas/delivery', tenant.apiKey)).body?.quotas;
  /** Delivery learns a tenant's key and limits from its record on the subscriptions topic. */
  const deliverySees = (tenant: CreatedTenant, quota: string, limit: number) =>
    waitFor(async () => (await deliveryQuotas(tenant))?.[quota]?.limit === limit, {
      what: `delivery to apply ${quota} = ${limit} for ${tenant.id}`,
      timeoutMs: 30_000,
      intervalMs: 250,
    });
  /** Delivery routes to an endpoint once its record is in the replica (recover answers 404 until then). */
  const deliveryKnows = (tenant: CreatedTenant, endpointId: string) =>
    waitFor(
      async () =>
        (await delivery('POST', `/v1/endpoints/${endpointId}/recover`, tenant.apiKey, {})).status === 202,
      { what: `delivery to know endpoint ${endpointId}`, timeoutMs: 30_000, intervalMs: 250 },
    );
  const publish = async (tenant: CreatedTenant, type: string, count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => `evt_${randomBytes(8).toString('hex')}`);
    for (let start = 0; start < ids.length; start += 500) {
      const events = ids
        .slice(start, start + 500)
        .map((id) => ({ id, type, subject: id, tenant: tenant.id, data: { n: id } }));
      const answer = await client.call(
        'POST',
        `${platform.urls.producer}/v1/events`,
        secrets.ingestToken,
        events,
      );
      if (answer.status !== 202)
        throw new Error(`publish answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return ids;
  };
  const deliveredTo = (path: string) =>
    new Set(receiver.requests.filter((r) => r.path === path).map((r) => r.headers['webhook-id'])).size;

  beforeAll(async () => {
    database = await createTestDatabase();
    await receiver.start();
    receiver.reply = (request) => ({
      status: 200,
      delayMs: request.path.startsWith('/fan') ? 150 : undefined,
    });
    const ports = {
      producer: await freePort(),
      subscription: await freePort(),
      delivery: await freePort(),
      health: await freePort(),
    };
    platform = await startLocalPlatform({
      kafkaBrokers: testKafkaBrokers(),
      databaseUrl: database.url,
      secrets,
      namespace,
      logDir: join(__dirname, '..', '..', 'reports', 'logs', namespace),
      ports,
      serviceEnv: {
        subscription: { DELIVERY_PUBLIC_URL: `http://127.0.0.1:${ports.delivery}` },
        delivery: { DELIVERY_GLOBAL_CONCURRENCY: String(GLOBAL_CONCURRENCY) },
      },
    });
    client = new PlatformClient(platform.urls, secrets);
  });

  afterAll(async () => {
    await platform?.stop();
    await receiver.stop();
    await database?.drop();
  });

  it('refuses each count quota at its limit with 409 QUOTA_EXCEEDED and shows it on GET /v1/quotas', async () => {
    const tenant = await newTenant();
    const changed = await override(tenant, {
      endpoints: 2,
      apiKeys: 2,
      liveSecretsPerEndpoint: 2,
      eventTypes: 1,
      operationalSubscribers: 1,
    });
    expect(changed.status).toBe(200);
    const endpoint = (
      await subscription('POST', '/v1/endpoints', tenant.apiKey, {
        url: receiver.url('/count'),
        eventTypes: ['endpoint.*'],
      })
    ).body;
    const refusals = {
      operationalSubscribers: await subscription('POST', '/v1/endpoints', tenant.apiKey, {
        url: receiver.url('/count'),
        eventTypes: ['endpoint.disabled'],
      }),
      endpoints: await (async () => {
        await subscription('POST', '/v1/endpoints', tenant.apiKey, { url: receiver.url('/count') });
        return subscription('POST', '/v1/endpoints', tenant.apiKey, { url: receiver.url('/count') });
      })(),
      apiKeys: await (async () => {
        await subscription('POST', '/v1/api-keys', tenant.apiKey, { name: 'second' });
        return subscription('POST', '/v1/api-keys', tenant.apiKey, { name: 'third' });
      })(),
      liveSecretsPerEndpoint: await (async () => {
        await subscription('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, tenant.apiKey, {});
        return subscription('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, tenant.apiKey, {});
      })(),
      eventTypes: await (async () => {
        await subscription('POST', '/v1/event-types', tenant.apiKey, { type: 'invoice.paid' });
        return subscription('POST', '/v1/event-types', tenant.apiKey, { type: 'invoice.voided' });
      })(),
    };
    const limits: Record<string, number> = {
      endpoints: 2,
      apiKeys: 2,
      liveSecretsPerEndpoint: 2,
      eventTypes: 1,
      operationalSubscribers: 1,
    };
    const quotas = (await subscription('GET', '/v1/quotas', tenant.apiKey)).body.quotas;
    for (const [name, answer] of Object.entries(refusals)) {
      expect([name, answer.status, answer.body.code, answer.body.quota]).toEqual([
        name,
        409,
        'QUOTA_EXCEEDED',
        { name, limit: limits[name], usage: limits[name] },
      ]);
      expect([name, quotas[name].limit, quotas[name].usage, quotas[name].overridden]).toEqual([
        name,
        limits[name],
        limits[name],
        true,
      ]);
    }
    // The operator raises one: the next creation goes through.
    await override(tenant, { endpoints: 3 });
    expect(
      (await subscription('POST', '/v1/endpoints', tenant.apiKey, { url: receiver.url('/count') })).status,
    ).toBe(201);
  });

  it("points GET /v1/quotas at delivery for its quotas' usage, which delivery serves", async () => {
    const tenant = await newTenant();
    const listed = (await subscription('GET', '/v1/quotas', tenant.apiKey)).body.quotas;
    expect(listed.concurrentReplays).toMatchObject({
      limit: 2,
      usage: null,
      enforcedBy: 'delivery',
      usageUrl: `${platform.urls.delivery}/v1/quotas/delivery`,
    });
    await deliverySees(tenant, 'concurrentReplays', 2);
    expect(await deliveryQuotas(tenant)).toMatchObject({
      concurrentReplays: { limit: 2, usage: 0, kind: 'count' },
      resendsPerMinute: { limit: 60, usage: 0, kind: 'perMinute' },
    });
  });

  it('applies an override in delivery: a second concurrent replay beyond the quota is refused', async () => {
    const tenant = await newTenant();
    const since = new Date(Date.now() - 1_000).toISOString();
    const endpoint = await client.createEndpoint(tenant.apiKey, {
      url: receiver.url('/replay'),
      eventTypes: ['customer.*'],
    });
    await override(tenant, { concurrentReplays: 1 });
    await deliverySees(tenant, 'concurrentReplays', 1);
    await deliveryKnows(tenant, endpoint.id);
    await publish(tenant, 'customer.created', 1_000);
    await waitFor(() => deliveredTo('/replay') >= 1_000, {
      what: '1,000 deliveries to /replay',
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    const replay = () => delivery('POST', `/v1/endpoints/${endpoint.id}/replay`, tenant.apiKey, { since });
    const first = await replay();
    expect(first.status).toBe(202);
    const second = await replay();
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      quota: { name: 'concurrentReplays', limit: 1, usage: 1 },
    });
    await waitFor(
      async () =>
        (await delivery('GET', `/v1/replays/${first.body.id}`, tenant.apiKey)).body.status === 'completed',
      { what: 'the first replay to complete', timeoutMs: 120_000, intervalMs: 500 },
    );
    expect((await deliveryQuotas(tenant)).concurrentReplays.usage).toBe(0);
    expect((await replay()).status).toBe(202);
  });

  it('answers resends beyond the minute’s quota with 429 and Retry-After; another tenant is unaffected', async () => {
    const [tenant, other] = [await newTenant(), await newTenant()];
    const endpoints = await Promise.all(
      [tenant, other].map((owner) =>
        client.createEndpoint(owner.apiKey, { url: receiver.url('/resend'), eventTypes: ['customer.*'] }),
      ),
    );
    await override(tenant, { resendsPerMinute: 3 });
    await deliverySees(tenant, 'resendsPerMinute', 3);
    await deliverySees(other, 'resendsPerMinute', 60);
    await deliveryKnows(tenant, endpoints[0].id);
    await deliveryKnows(other, endpoints[1].id);
    const [eventId] = await publish(tenant, 'customer.created', 1);
    const [otherEventId] = await publish(other, 'customer.created', 1);
    for (const [owner, id, endpoint] of [
      [tenant, eventId, endpoints[0].id],
      [other, otherEventId, endpoints[1].id],
    ] as const) {
      await waitFor(
        async () =>
          ((await delivery('GET', `/v1/attempts?eventId=${id}&endpointId=${endpoint}`, owner.apiKey)).body
            ?.data?.length ?? 0) > 0,
        { what: `the attempt of ${id} in delivery's log`, timeoutMs: 60_000, intervalMs: 250 },
      );
    }
    await earlyInAMinute();
    const resend = (owner: CreatedTenant, id: string, endpoint: string) =>
      delivery('POST', `/v1/events/${id}/endpoints/${endpoint}/resend`, owner.apiKey);
    for (let i = 0; i < 3; i += 1) expect((await resend(tenant, eventId, endpoints[0].id)).status).toBe(202);
    const refused = await resend(tenant, eventId, endpoints[0].id);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      quota: { name: 'resendsPerMinute', limit: 3, usage: 3 },
      retryAfterSeconds: Number(refused.retryAfter),
    });
    expect((await deliveryQuotas(tenant)).resendsPerMinute).toMatchObject({ limit: 3, usage: 3 });
    expect((await resend(other, otherEventId, endpoints[1].id)).status).toBe(202);
  });

  it('bounds the fan-out of endpoint.* notices: each endpoint change reaches at most the quota of listeners', async () => {
    const tenant = await newTenant();
    await override(tenant, { operationalSubscribers: 2 });
    const listeners = ['/ops/1', '/ops/2'];
    for (const path of listeners) {
      const listener = await client.createEndpoint(tenant.apiKey, {
        url: receiver.url(path),
        eventTypes: ['endpoint.*'],
      });
      await deliveryKnows(tenant, listener.id);
    }
    const third = await subscription('POST', '/v1/endpoints', tenant.apiKey, {
      url: receiver.url('/ops/3'),
      eventTypes: ['endpoint.*'],
    });
    expect(third.body.quota).toEqual({ name: 'operationalSubscribers', limit: 2, usage: 2 });
    const others = 8;
    for (let i = 0; i < others; i += 1) {
      await client.createEndpoint(tenant.apiKey, {
        url: receiver.url('/ops/business'),
        eventTypes: ['order.*'],
      });
    }
    // Each of the 8 registrations is one endpoint.created notice, to each of the 2 listeners.
    await waitFor(() => listeners.every((path) => deliveredTo(path) >= others), {
      what: 'the notices of 8 registrations at both listeners',
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const changes = listeners.length + others;
    const notices = listeners.reduce((sum, path) => sum + deliveredTo(path), 0);
    expect(notices).toBeLessThanOrEqual(listeners.length * changes);
    expect(deliveredTo('/ops/3')).toBe(0);
    expect(deliveredTo('/ops/business')).toBe(0);
  });

  it('never has more attempts in flight than the global cap, across endpoints, and delivers everything', async () => {
    const tenant = await newTenant();
    const paths = ['/fan/1', '/fan/2', '/fan/3', '/fan/4'];
    for (const path of paths) {
      const endpoint = await client.createEndpoint(tenant.apiKey, {
        url: receiver.url(path),
        eventTypes: ['order.*'],
      });
      await deliveryKnows(tenant, endpoint.id);
    }
    receiver.maxInFlight = receiver.inFlight;
    const events = 25;
    await publish(tenant, 'order.created', events);
    await waitFor(() => paths.every((path) => deliveredTo(path) >= events), {
      what: `${events} deliveries to each of ${paths.length} endpoints`,
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    // Four endpoints of 32 slots each would take up to 100 requests at once without the cap.
    expect(receiver.maxInFlight).toBe(GLOBAL_CONCURRENCY);
    const metrics = await (await fetch(`${platform.urls.delivery}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^hookline_delivery_in_flight_limit ${GLOBAL_CONCURRENCY}$`, 'm'));
    expect(metrics).toMatch(/^hookline_delivery_in_flight_attempts \d+$/m);
  });
});
