import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  PlatformClient,
  TestReceiver,
  createTestDatabase,
  generatePlatformSecrets,
  startLocalPlatform,
  testKafkaBrokers,
  waitFor,
  type CreatedEndpoint,
  type CreatedTenant,
  type LocalPlatform,
  type TestDatabase,
} from '@hookline/testing';
import type { FieldError } from '@hookline/contracts';
import type {
  EndpointHealthListResponseDto,
  EndpointHealthResponseDto,
} from '../../apps/health/src/endpoint-health/dto/endpoint-health.response.dto';
import type { EventTraceResponseDto } from '../../apps/health/src/event-trace/dto/event-trace.response.dto';
import { HealthTopics, outcome } from './health-fixtures';

type ErrorBody = { message: string; errors: FieldError[] };
type Answer<T> = { status: number; body: T & Partial<ErrorBody> };

/**
 * The health service's HTTP answers, with the four services as processes on real Kafka and Postgres: an
 * endpoint's health and windows, a tenant's endpoints by state, and "what happened to my event?" for a
 * delivered, a failing, a filtered-out, an unmatched and an unknown event. One file on purpose: the cases
 * share one platform (four processes), which on a 2-core machine costs more than the file's length.
 */
describe('health API: endpoint health, listing by state, event traces', () => {
  const secrets = generatePlatformSecrets();
  const receiver = new TestReceiver();
  const namespace = `e2eh${randomBytes(4).toString('hex')}.`;
  let database: TestDatabase;
  let platform: LocalPlatform;
  let client: PlatformClient;
  let topics: HealthTopics;
  let tenant: CreatedTenant;
  let endpoints: Record<'ok' | 'down' | 'invoices' | 'off', CreatedEndpoint>;

  const get = <T>(path: string, apiKey = tenant.apiKey) =>
    client.call('GET', `${platform.urls.health}${path}`, apiKey) as Promise<Answer<T>>;
  const health = (path: string, apiKey = tenant.apiKey) => get<EndpointHealthResponseDto>(path, apiKey);
  const list = (query: string) => get<EndpointHealthListResponseDto>(`/v1/endpoints/health${query}`);
  const trace = (eventId: string, apiKey = tenant.apiKey) =>
    get<EventTraceResponseDto>(`/v1/events/${encodeURIComponent(eventId)}/trace`, apiKey);

  beforeAll(async () => {
    database = await createTestDatabase();
    await receiver.start();
    receiver.reply = (request) => ({ status: request.path === '/down' ? 503 : 200 });
    platform = await startLocalPlatform({
      kafkaBrokers: testKafkaBrokers(),
      databaseUrl: database.url,
      secrets,
      namespace,
      logDir: join(__dirname, '..', '..', 'reports', 'logs', namespace),
    });
    client = new PlatformClient(platform.urls, secrets);
    topics = new HealthTopics(testKafkaBrokers(), namespace);
    await topics.connect();
    tenant = await client.createTenant({
      id: `hacme-${randomBytes(3).toString('hex')}`,
      name: 'Health Acme',
    });
    const create = (path: string, eventTypes: string[]) =>
      client.createEndpoint(tenant.apiKey, { url: receiver.url(path), eventTypes });
    endpoints = {
      ok: await create('/ok', ['customer.*']),
      down: await create('/down', ['customer.*']),
      invoices: await create('/invoices', ['invoice.*']),
      // Not `*`: that would also take the tenant's operational events (endpoint.created, …).
      off: await create('/off', ['order.*']),
    };
    const disabled = await client.call(
      'POST',
      `${platform.urls.subscription}/v1/endpoints/${endpoints.off.id}/disable`,
      tenant.apiKey,
      {},
    );
    expect(disabled.status).toBeLessThan(300);
    await waitFor(
      async () => (await health(`/v1/endpoints/${endpoints.off.id}/health`)).body?.state === 'disabled',
      {
        what: 'health to see the disabled endpoint',
      },
    );
  });

  afterAll(async () => {
    await topics?.disconnect();
    await platform?.stop();
    await receiver.stop();
    await database?.drop();
  });

  it('answers an endpoint health with 1 h / 24 h / 7 d windows after real deliveries', async () => {
    const published = await client.publishEvent({
      id: 'evt_health_ok',
      type: 'customer.created',
      subject: 'cus_1',
      tenant: tenant.id,
      data: { name: 'Ada' },
    });
    expect(published.status).toBe(202);
    const ok = await waitFor(
      async () => {
        const response = await health(`/v1/endpoints/${endpoints.ok.id}/health`);
        return response.body?.lastSuccessAt ? response.body : undefined;
      },
      { what: 'lastSuccessAt of the ok endpoint' },
    );
    expect(ok).toMatchObject({
      endpointId: endpoints.ok.id,
      state: 'healthy',
      lastStatus: 200,
      consecutiveFailures: 0,
    });
    expect(ok.windows['1h']).toMatchObject({ attempts: 1, successes: 1, failures: 0, successRate: 1 });
    expect(ok.windows['7d'].latencyMs.p50).toEqual(expect.any(Number));
    expect(Date.parse(ok.asOf)).not.toBeNaN();

    const down = await waitFor(
      async () => {
        const response = await health(`/v1/endpoints/${endpoints.down.id}/health`);
        return response.body?.lastFailureAt ? response.body : undefined;
      },
      { what: 'lastFailureAt of the down endpoint' },
    );
    expect(down).toMatchObject({ state: 'degraded', lastStatus: 503, lastSuccessAt: null });
    expect(down.consecutiveFailures).toBeGreaterThanOrEqual(1);
    expect(down.windows['1h'].successRate).toBe(0);
  });

  it('answers an endpoint that never had an attempt, and 404 for another tenant or an unknown endpoint', async () => {
    const invoices = await health(`/v1/endpoints/${endpoints.invoices.id}/health`);
    expect(invoices.status).toBe(200);
    expect(invoices.body).toMatchObject({ state: 'healthy', lastAttemptAt: null, attemptsTotal: 0 });
    expect(invoices.body.windows['24h']).toMatchObject({ attempts: 0, successRate: null });
    const other = await client.createTenant({ name: 'Other' });
    // A new key reaches health through the subscriptions topic: 401 until then, 404 after.
    const forOther = await waitFor(
      async () => {
        const response = await health(`/v1/endpoints/${endpoints.ok.id}/health`, other.apiKey);
        return response.status === 401 ? undefined : response;
      },
      { what: "the other tenant's key to reach health" },
    );
    expect(forOther.status).toBe(404);
    expect((await health('/v1/endpoints/ep_nope/health')).status).toBe(404);
    expect((await health(`/v1/endpoints/${endpoints.ok.id}/health`, 'hk_wrong')).status).toBe(401);
  });

  it("lists a tenant's endpoints by state, sorted by lastSuccessAt, a page at a time", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`;
      const response = await list(query);
      expect(response.status).toBe(200);
      seen.push(...response.body.data.map((e) => e.endpointId));
      cursor = response.body.nextCursor;
      if (cursor === null) break;
    }
    expect(seen.sort()).toEqual(
      Object.values(endpoints)
        .map((e) => e.id)
        .sort(),
    );
    const all = (await list('?limit=10')).body.data;
    // Ascending: never-succeeded first (by id), then the longest-silent.
    expect(all[all.length - 1].endpointId).toBe(endpoints.ok.id);
    expect(all.slice(0, 3).every((e) => e.lastSuccessAt === null)).toBe(true);
    const desc = (await list('?order=desc&limit=1')).body.data;
    expect(desc[0].endpointId).toBe(endpoints.ok.id);
    const disabled = await list('?state=disabled');
    expect(disabled.body.data.map((e) => e.endpointId)).toEqual([endpoints.off.id]);
    expect(disabled.body.data[0].disabledReason).toEqual(expect.any(String));
  });

  it('rejects bad list queries with a 400 per field', async () => {
    const bad = await list('?state=zombie&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors!.map((e) => e.field).sort()).toEqual(['limit', 'state']);
    const cursor = await list('?cursor=bm90LWEtY3Vyc29y');
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors).toEqual([
      { field: 'cursor', message: expect.stringContaining('not a cursor') },
    ]);
  });

  it('traces a delivered event through the real pipeline, attempt by attempt', async () => {
    const traced = await waitFor(
      async () => {
        const response = await trace('evt_health_ok');
        const ok = response.body?.deliveries?.find((d) => d.endpointId === endpoints.ok.id);
        const down = response.body?.deliveries?.find((d) => d.endpointId === endpoints.down.id);
        return ok && down ? response.body : undefined;
      },
      { what: 'the trace of a delivered event' },
    );
    const ok = traced.deliveries.find((d) => d.endpointId === endpoints.ok.id)!;
    expect(ok).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String) });
    expect(ok.attempts[0]).toMatchObject({ attempt: 1, result: 'succeeded', statusCode: 200 });
    const down = traced.deliveries.find((d) => d.endpointId === endpoints.down.id)!;
    // Delivery retries a 503 on its schedule (immediately, then 5 s, then 5 min): still retrying here.
    expect(down.status).toBe('retrying');
    expect(down.attempts[0]).toMatchObject({ result: 'failed', statusCode: 503, exhausted: false });
    expect(down.nextAttemptAt).toEqual(expect.any(String));
    expect(down.explanation).toContain('next attempt at');
    expect(traced).toMatchObject({
      status: 'in_progress',
      routingRecorded: true,
      eventType: 'customer.created',
    });
    const why = Object.fromEntries(traced.notMatched.map((s) => [s.endpointId, s.reason]));
    expect(why).toEqual({ [endpoints.invoices.id]: 'event_type_filter', [endpoints.off.id]: 'disabled' });
  });

  it('traces a failing event: each attempt with its outcome, then the dead-letter', async () => {
    const eventId = 'order/2026/failing-1';
    const webhookId = 'msg_failing_1';
    await topics.publishRouting({
      eventId,
      tenantId: tenant.id,
      eventType: 'customer.updated',
      subject: 'cus_9',
      routedAt: new Date().toISOString(),
      tenantKnown: true,
      matched: [{ endpointId: endpoints.down.id, webhookId }],
      skipped: [{ endpointId: endpoints.invoices.id, reason: 'event_type_filter' }],
    });
    const base = {
      eventId,
      endpointId: endpoints.down.id,
      tenantId: tenant.id,
      webhookId,
      eventType: 'customer.updated',
    };
    await topics.publishOutcomes([
      outcome({ ...base, result: 'failed', nextAttemptAt: new Date(Date.now() + 5_000).toISOString() }),
    ]);
    const retrying = await waitFor(
      async () =>
        (await trace(eventId)).body?.deliveries?.[0]?.attempts?.length === 1
          ? (await trace(eventId)).body
          : undefined,
      {
        what: 'the first attempt in the trace',
      },
    );
    expect(retrying).toMatchObject({ status: 'in_progress', routingRecorded: true });
    expect(retrying.deliveries[0]).toMatchObject({
      status: 'retrying',
      explanation: expect.stringContaining('next attempt at'),
    });
    await topics.publishOutcomes([
      outcome({
        ...base,
        attempt: 2,
        result: 'failed',
        statusCode: null,
        errorClass: 'timeout',
        errorMessage: 'no response in 15000 ms',
        exhausted: true,
        startedAt: new Date(Date.now() + 5_000).toISOString(),
      }),
    ]);
    const failed = await waitFor(
      async () => {
        const body = (await trace(eventId)).body;
        return body?.deliveries?.[0]?.attempts?.length === 2 ? body : undefined;
      },
      { what: 'the second attempt in the trace' },
    );
    expect(failed).toMatchObject({ status: 'failed', eventType: 'customer.updated', subject: 'cus_9' });
    expect(failed.deliveries[0]).toMatchObject({
      status: 'failed',
      webhookId,
      explanation: expect.stringContaining('dead-lettered'),
    });
    expect(failed.deliveries[0].attempts.map((a) => a.statusCode ?? a.errorClass)).toEqual([503, 'timeout']);
    expect(failed.notMatched).toEqual([
      expect.objectContaining({
        endpointId: endpoints.invoices.id,
        reason: 'event_type_filter',
        explanation: 'its event-type filter [invoice.*] does not include customer.updated',
      }),
    ]);
  });

  it('traces a filtered-out event through the real pipeline: which endpoints did not match and why', async () => {
    expect(
      (
        await client.publishEvent({
          id: 'evt_filtered',
          type: 'order.created',
          subject: 'ord_1',
          tenant: tenant.id,
          data: {},
        })
      ).status,
    ).toBe(202);
    const filtered = await waitFor(
      async () => {
        const response = await trace('evt_filtered');
        return response.status === 200 ? response.body : undefined;
      },
      { what: 'the filtered trace' },
    );
    expect(filtered).toMatchObject({
      status: 'no_match',
      routingRecorded: true,
      deliveries: [],
      summary: expect.stringContaining("none of the tenant's"),
    });
    const why = Object.fromEntries(filtered.notMatched.map((s) => [s.endpointId, s.explanation]));
    expect(why[endpoints.ok.id]).toBe('its event-type filter [customer.*] does not include order.created');
    expect(why[endpoints.invoices.id]).toBe(
      'its event-type filter [invoice.*] does not include order.created',
    );
    // `off` takes order.* but was disabled: that is the reason given, with the reason on record.
    expect(why[endpoints.off.id]).toMatch(/^the endpoint was disabled when the event was routed/);
    expect(filtered.notMatched.find((s) => s.endpointId === endpoints.off.id)!.endpoint).toMatchObject({
      enabled: false,
      state: 'disabled',
    });
  });

  it('says so when an event matched nothing because the tenant had no endpoint (real pipeline)', async () => {
    const lonely = await client.createTenant({ name: 'No endpoints yet' });
    const published = await client.publishEvent({
      id: 'evt_unmatched',
      type: 'customer.created',
      subject: 'cus_1',
      tenant: lonely.id,
      data: {},
    });
    expect(published.status).toBe(202);
    const unmatched = await waitFor(
      async () => {
        const response = await trace('evt_unmatched', lonely.apiKey);
        return response.status === 200 ? response.body : undefined;
      },
      { what: 'the unmatched trace' },
    );
    expect(unmatched).toMatchObject({
      status: 'no_match',
      routingRecorded: true,
      summary: 'the event matched no endpoint: the tenant had no endpoints when it was routed',
      deliveries: [],
      notMatched: [],
    });
    // The same event id is invisible to every other tenant.
    expect((await trace('evt_unmatched')).status).toBe(404);
  });

  it('answers 404 with a clear message for an event Hookline never saw, and 400 for an invalid id', async () => {
    const unknown = await trace('evt_never_sent');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/^Hookline has no record of event evt_never_sent for this tenant/);
    expect(unknown.body.message).toContain('check the event id and the tenant');
    const invalid = await trace('-bad id-');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([{ field: 'eventId', message: 'is not a valid event id' }]);
    expect((await trace('evt_never_sent', 'hk_wrong')).status).toBe(401);
  });

  it('exports endpoints by state, projection lag and consumer lag on /metrics', async () => {
    const metrics = await (await fetch(`${platform.urls.health}/metrics`)).text();
    expect(metrics).toMatch(/hookline_health_endpoints\{state="disabled"\} [1-9]/);
    expect(metrics).toMatch(
      /hookline_health_projection_lag_seconds\{topic="[^"]*delivery-outcomes[^"]*",partition="\d"\}/,
    );
    expect(metrics).toMatch(
      /hookline_kafka_consumer_lag\{group="[^"]*hookline\.health\.outcomes",topic="[^"]*",partition="\d"\} \d/,
    );
  });
});
