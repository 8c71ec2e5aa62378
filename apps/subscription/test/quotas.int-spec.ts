import { tenantRecordKey, type TenantRecord } from '@hookline/contracts';
import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from '@hookline/testing';
import { createTenant, type TestTenant } from './support/tenant-fixtures';
import {
  startSubscriptionTestApp,
  type Json,
  type SubscriptionTestApp,
} from './support/subscription-test-app';
import { waitForRecord } from './support/topic-records';

/** A closed loopback port: verification challenges to it fail at once (and still count). */
const NOWHERE = 'http://127.0.0.1:9/hooks';

/**
 * Per-minute quotas count in whole-minute windows; a test that needs several requests in one window starts
 * early in a minute, so the window cannot roll over half-way.
 */
async function earlyInAMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
}

/**
 * Tenant quotas on the real service (Postgres, Kafka, HTTP): each count quota refused at its limit with the
 * documented 409, each per-minute quota with 429 and Retry-After, all readable on GET /v1/quotas, raised by
 * an operator override that also reaches the tenant's record on the subscriptions topic.
 */
describe('tenant quotas (real HTTP, Postgres, Kafka)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;

  const override = (tenant: TestTenant, changes: Record<string, number | null>) =>
    app.call('PATCH', `/v1/tenants/${tenant.id}/quotas`, app.operatorToken, changes);
  const quotasOf = async (tenant: TestTenant): Promise<Json> =>
    (await app.call('GET', '/v1/quotas', tenant.apiKey)).body.quotas;
  const createEndpoint = (tenant: TestTenant, body: Record<string, unknown> = {}) =>
    app.call('POST', '/v1/endpoints', tenant.apiKey, { url: 'http://127.0.0.1:9/a', ...body });

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    app = await startSubscriptionTestApp({
      database,
      kafka,
      env: { TENANT_QUOTA_ENDPOINTS: '3', TENANT_QUOTA_TEST_EVENTS_PER_MINUTE: '2' },
    });
  });

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('shows a tenant every quota with its limit, default and usage', async () => {
    const tenant = await createTenant(app);
    const answer = await app.call('GET', '/v1/quotas', tenant.apiKey);
    expect(answer.status).toBe(200);
    expect(answer.body.tenantId).toBe(tenant.id);
    expect(Object.keys(answer.body.quotas as object).sort()).toEqual(
      [
        'apiKeys',
        'concurrentReplays',
        'endpoints',
        'eventTypes',
        'liveSecretsPerEndpoint',
        'operationalSubscribers',
        'resendsPerMinute',
        'testEventsPerMinute',
        'verificationsPerMinute',
      ].sort(),
    );
    expect(answer.body.quotas.endpoints).toEqual({
      limit: 3,
      usage: 0,
      default: 3,
      overridden: false,
      kind: 'count',
      enforcedBy: 'subscription',
    });
    expect(answer.body.quotas.apiKeys).toMatchObject({ limit: 50, usage: 1 });
    expect(answer.body.quotas.concurrentReplays).toMatchObject({
      limit: 2,
      usage: null,
      enforcedBy: 'delivery',
      usageUrl: 'https://delivery.hookline.test/v1/quotas/delivery',
    });
    expect((await app.call('GET', '/v1/quotas')).status).toBe(401);
  });

  it('refuses the endpoint over the quota with 409 QUOTA_EXCEEDED, and an override raises it', async () => {
    const tenant = await createTenant(app);
    for (let i = 0; i < 3; i += 1) expect((await createEndpoint(tenant)).status).toBe(201);
    const refused = await createEndpoint(tenant);
    expect(refused).toEqual({
      status: 409,
      body: {
        statusCode: 409,
        code: 'QUOTA_EXCEEDED',
        message: 'quota endpoints reached: 3 of 3 in use',
        quota: { name: 'endpoints', limit: 3, usage: 3 },
      },
    });
    expect((await quotasOf(tenant)).endpoints).toMatchObject({ limit: 3, usage: 3, overridden: false });

    const raised = await override(tenant, { endpoints: 4 });
    expect(raised.status).toBe(200);
    expect(raised.body.quotas.endpoints).toMatchObject({ limit: 4, usage: 3, default: 3, overridden: true });
    expect((await createEndpoint(tenant)).status).toBe(201);
    expect((await createEndpoint(tenant)).body.quota).toEqual({ name: 'endpoints', limit: 4, usage: 4 });

    const back = await override(tenant, { endpoints: null });
    expect(back.body.quotas.endpoints).toMatchObject({ limit: 3, usage: 4, overridden: false });
  });

  it('lets exactly one of many concurrent creations take the last slot', async () => {
    const tenant = await createTenant(app);
    expect((await createEndpoint(tenant)).status).toBe(201);
    expect((await createEndpoint(tenant)).status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 8 }, () => createEndpoint(tenant)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect((await quotasOf(tenant)).endpoints.usage).toBe(3);
  });

  it('counts live API keys: a revoked key frees its slot', async () => {
    const tenant = await createTenant(app);
    await override(tenant, { apiKeys: 2 });
    const second = await app.call('POST', '/v1/api-keys', tenant.apiKey, { name: 'second' });
    expect(second.status).toBe(201);
    const third = await app.call('POST', '/v1/api-keys', tenant.apiKey, { name: 'third' });
    expect(third).toMatchObject({ status: 409, body: { quota: { name: 'apiKeys', limit: 2, usage: 2 } } });
    const operatorIssued = await app.call('POST', `/v1/tenants/${tenant.id}/api-keys`, app.operatorToken, {});
    expect(operatorIssued.status).toBe(409);
    expect((await app.call('DELETE', `/v1/api-keys/${second.body.id}`, tenant.apiKey)).status).toBe(204);
    expect((await app.call('POST', '/v1/api-keys', tenant.apiKey, { name: 'third' })).status).toBe(201);
  });

  it('bounds the secrets signing at once; a rotation without overlap always fits', async () => {
    const tenant = await createTenant(app);
    await override(tenant, { liveSecretsPerEndpoint: 2 });
    const endpoint = (await createEndpoint(tenant)).body;
    const rotate = (body: Record<string, unknown> = {}) =>
      app.call('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, tenant.apiKey, body);
    expect((await rotate()).status).toBe(200);
    const refused = await rotate();
    expect(refused.status).toBe(409);
    expect(refused.body.quota).toEqual({ name: 'liveSecretsPerEndpoint', limit: 2, usage: 2 });
    expect(refused.body.message).toContain('overlapSeconds 0');
    expect((await quotasOf(tenant)).liveSecretsPerEndpoint).toMatchObject({ limit: 2, usage: 2 });
    expect((await rotate({ overlapSeconds: 0 })).status).toBe(200);
    expect((await quotasOf(tenant)).liveSecretsPerEndpoint.usage).toBe(1);
  });

  it('bounds registered event types', async () => {
    const tenant = await createTenant(app);
    await override(tenant, { eventTypes: 1 });
    const register = (type: string) => app.call('POST', '/v1/event-types', tenant.apiKey, { type });
    expect((await register('invoice.paid')).status).toBe(201);
    expect((await register('invoice.paid')).body.code).toBe('EVENT_TYPE_EXISTS');
    expect(await register('invoice.voided')).toMatchObject({
      status: 409,
      body: { code: 'QUOTA_EXCEEDED', quota: { name: 'eventTypes', limit: 1, usage: 1 } },
    });
  });

  it('bounds the endpoints that hear operational events, on creation and on a change of filters', async () => {
    const tenant = await createTenant(app);
    await override(tenant, { operationalSubscribers: 1 });
    expect((await createEndpoint(tenant, { eventTypes: ['endpoint.*'] })).status).toBe(201);
    expect(await createEndpoint(tenant, { eventTypes: ['customer.*', 'endpoint.disabled'] })).toMatchObject({
      status: 409,
      body: { quota: { name: 'operationalSubscribers', limit: 1, usage: 1 } },
    });
    const business = await createEndpoint(tenant, { eventTypes: ['*'] });
    expect(business.status).toBe(201);
    const patched = await app.call('PATCH', `/v1/endpoints/${business.body.id}`, tenant.apiKey, {
      eventTypes: ['*', 'endpoint.*'],
    });
    expect(patched.status).toBe(409);
    expect((await quotasOf(tenant)).operationalSubscribers).toMatchObject({ limit: 1, usage: 1 });
  });

  it('answers test events over the per-minute quota with 429 and Retry-After', async () => {
    const tenant = await createTenant(app);
    const endpoint = (await createEndpoint(tenant)).body;
    await earlyInAMinute();
    const send = () =>
      fetch(`${app.url}/v1/endpoints/${endpoint.id}/test`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ eventType: 'customer.created' }),
      });
    expect((await send()).status).toBe(202);
    expect((await send()).status).toBe(202);
    const refused = await send();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      quota: { name: 'testEventsPerMinute', limit: 2, usage: 2 },
      retryAfterSeconds: retryAfter,
    });
    expect((await quotasOf(tenant)).testEventsPerMinute).toMatchObject({ limit: 2, usage: 2 });
  });

  it('counts verifications per minute, including the one a registration asks for', async () => {
    const tenant = await createTenant(app);
    await override(tenant, { verificationsPerMinute: 2 });
    await earlyInAMinute();
    const verified = await createEndpoint(tenant, { url: NOWHERE, verify: true });
    expect(verified.status).toBe(201);
    expect(verified.body.verificationResult.status).toBe('failed');
    const verify = () => app.call('POST', `/v1/endpoints/${verified.body.id}/verify`, tenant.apiKey);
    expect((await verify()).status).toBe(200);
    expect(await verify()).toMatchObject({
      status: 429,
      body: { quota: { name: 'verificationsPerMinute', limit: 2, usage: 2 } },
    });
    // Refused before anything is created: no endpoint without its verification.
    const before = (await quotasOf(tenant)).endpoints.usage as number;
    expect((await createEndpoint(tenant, { url: NOWHERE, verify: true })).status).toBe(429);
    expect((await quotasOf(tenant)).endpoints.usage).toBe(before);
  });

  it("publishes the tenant's effective limits on its record, where delivery reads them", async () => {
    const tenant = await createTenant(app);
    await override(tenant, { concurrentReplays: 5, resendsPerMinute: 7 });
    const record = await waitForRecord<TenantRecord>(
      kafka,
      kafka.topics.subscriptions,
      tenantRecordKey(tenant.id),
      (candidate) => candidate.quotas?.concurrentReplays === 5,
    );
    expect(record.quotas).toMatchObject({ concurrentReplays: 5, resendsPerMinute: 7, endpoints: 3 });
  });

  it('takes overrides from the operator only, and refuses what is not a quota or out of range', async () => {
    const tenant = await createTenant(app);
    const asTenant = await app.call('PATCH', `/v1/tenants/${tenant.id}/quotas`, tenant.apiKey, {
      endpoints: 9,
    });
    expect(asTenant.status).toBe(401);
    const bad = await override(tenant, { endpoints: -1, liveSecretsPerEndpoint: 21, somethingElse: 3 });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Array<{ field: string }>).map((error) => error.field).sort()).toEqual([
      'endpoints',
      'liveSecretsPerEndpoint',
      'somethingElse',
    ]);
    expect((await override({ ...tenant, id: 'no-such-tenant' }, { endpoints: 9 })).status).toBe(404);
    const read = await app.call('GET', `/v1/tenants/${tenant.id}/quotas`, app.operatorToken);
    expect(read.body.quotas.endpoints).toMatchObject({ limit: 3, overridden: false });
  });
});

describe('API key request rate limit (real HTTP)', () => {
  let database: TestDatabase;
  let app: SubscriptionTestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startSubscriptionTestApp({
      database,
      kafka: await createTestKafka(),
      env: { API_KEY_RATE_PER_SECOND: '1', API_KEY_RATE_BURST: '3' },
    });
  });

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('answers a key over its rate with 429 and Retry-After; other keys and tenants are unaffected', async () => {
    const noisy = await createTenant(app);
    const quiet = await createTenant(app);
    const noisySecondKey = (await app.call('POST', '/v1/api-keys', noisy.apiKey, { name: 'second' })).body
      .apiKey as string;
    const get = (key: string) =>
      fetch(`${app.url}/v1/endpoints`, { headers: { authorization: `Bearer ${key}` } });
    // The key already spent one token on creating the second key.
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await get(noisy.apiKey)).status);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    const refused = await get(noisy.apiKey);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({
      code: 'RATE_LIMITED',
      rateLimit: { perSecond: 1, burst: 3 },
    });
    expect((await get(noisySecondKey)).status).toBe(200);
    expect((await get(quiet.apiKey)).status).toBe(200);
    // A wrong key is still a 401, never a 429: unauthenticated requests get no bucket.
    expect((await get('hk_not-a-key')).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get('retry-after')) * 1_000));
    expect((await get(noisy.apiKey)).status).toBe(200);
  });
});
