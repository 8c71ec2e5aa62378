import { Client } from 'pg';
import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from '@hookline/testing';
import { HEADER_VALUE_MASK } from '../src/endpoints/domain/sealed-header-values';
import { PUBLIC_DNS, createEndpoint, createTenant, type TestTenant } from './support/tenant-fixtures';
import {
  fieldsOf,
  idsOf,
  startSubscriptionTestApp,
  tableResolver,
  type SubscriptionTestApp,
} from './support/subscription-test-app';

/** Endpoint CRUD over real HTTP against the real service, Postgres and Kafka. */
describe('endpoints API (real HTTP, Postgres, Kafka)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;
  let db: Client;
  let tenant: TestTenant;

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    app = await startSubscriptionTestApp({ database, kafka, resolveHost: tableResolver(PUBLIC_DNS) });
    db = new Client({ connectionString: database.url });
    await db.connect();
    tenant = await createTenant(app);
  });

  afterAll(async () => {
    await db?.end();
    await app?.stop();
    await database?.drop();
  });

  const call = (method: string, path: string, body?: unknown) => app.call(method, path, tenant.apiKey, body);
  const count = async (table: string) =>
    Number(
      (await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM subscription.${table}`)).rows[0].n,
    );

  it('creates an endpoint with every setting, shows its secret once, and reads it back without it', async () => {
    const created = await call('POST', '/v1/endpoints', {
      url: 'https://hooks.example.com/in',
      description: 'billing',
      eventTypes: ['customer.*', 'conversation.deleted', 'customer.*'],
      entityTypes: ['customer'],
      headers: { 'X-Team': 'billing' },
      rateLimitPerSecond: 20,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: 'https://hooks.example.com/in',
      description: 'billing',
      eventTypes: ['customer.*', 'conversation.deleted'],
      entityTypes: ['customer'],
      headers: { 'x-team': HEADER_VALUE_MASK },
      rateLimitPerSecond: 20,
      enabled: true,
      disabledReason: null,
      verification: { status: 'unverified', checkedAt: null, error: null },
      version: 1,
    });
    expect(created.body.id).toMatch(/^ep_[A-Za-z0-9]{22}$/);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const read = await call('GET', `/v1/endpoints/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ ...created.body, secret: undefined });
    expect(read.body).not.toHaveProperty('secret');
    expect(await call('GET', `/v1/endpoints/${created.body.id}/secret`)).toEqual({
      status: 200,
      body: { secret: created.body.secret },
    });
  });

  it('fills in defaults: every event type, every entity, enabled, no headers, no rate limit', async () => {
    const created = await createEndpoint(app, tenant);
    expect(created).toMatchObject({
      eventTypes: ['*'],
      entityTypes: [],
      headers: {},
      rateLimitPerSecond: null,
      enabled: true,
    });
    const disabled = await createEndpoint(app, tenant, { enabled: false });
    expect(disabled).toMatchObject({ enabled: false, disabledReason: null });
  });

  it('pages through every endpoint exactly once with cursors', async () => {
    const other = await createTenant(app, 'Pager');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createEndpoint(app, other, { description: `ep ${i}` })).id);
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${encodeURIComponent(cursor)}`;
      const answer = await app.call('GET', `/v1/endpoints${query}`, other.apiKey);
      expect(answer.status).toBe(200);
      sizes.push(idsOf(answer).length);
      seen.push(...idsOf(answer));
      cursor = answer.body.nextCursor as string | null;
      if (cursor === null) break;
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(ids);
    const all = await app.call('GET', '/v1/endpoints', other.apiKey);
    expect(idsOf(all)).toEqual(ids);
    expect(all.body.nextCursor).toBeNull();
  });

  it('refuses bad paging parameters with field errors', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=ten']) {
      const answer = await call('GET', `/v1/endpoints?${query}`);
      expect(answer.status).toBe(400);
      expect(fieldsOf(answer)).toContain('limit');
    }
    const bad = await call('GET', '/v1/endpoints?cursor=bm90LWEtY3Vyc29y');
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
    expect((await call('GET', '/v1/endpoints?colour=blue')).status).toBe(400);
  });

  it('updates only what changed: a new version for a real change, none for a repeated one', async () => {
    const endpoint = await createEndpoint(app, tenant, { rateLimitPerSecond: 5 });
    const path = `/v1/endpoints/${endpoint.id}`;
    const changed = await call('PATCH', path, { description: 'payments', eventTypes: ['invoice.*'] });
    expect(changed).toMatchObject({
      status: 200,
      body: { description: 'payments', eventTypes: ['invoice.*'], version: 2 },
    });
    const repeated = await call('PATCH', path, { description: 'payments' });
    expect(repeated.body.version).toBe(2);
    const cleared = await call('PATCH', path, { rateLimitPerSecond: null, headers: { 'x-env': 'prod' } });
    expect(cleared.body).toMatchObject({
      rateLimitPerSecond: null,
      headers: { 'x-env': HEADER_VALUE_MASK },
      version: 3,
    });
    const moved = await call('PATCH', path, { url: 'https://other.example.com/hooks' });
    expect(moved.body).toMatchObject({ url: 'https://other.example.com/hooks', version: 4 });
    expect((await call('GET', path)).body).toMatchObject({
      description: 'payments',
      rateLimitPerSecond: null,
      version: 4,
    });
  });

  it('disables and enables, idempotently', async () => {
    const endpoint = await createEndpoint(app, tenant);
    const disabled = await call('POST', `/v1/endpoints/${endpoint.id}/disable`);
    expect(disabled).toMatchObject({
      status: 200,
      body: { enabled: false, disabledReason: null, version: 2 },
    });
    expect((await call('POST', `/v1/endpoints/${endpoint.id}/disable`)).body.version).toBe(2);
    const enabled = await call('POST', `/v1/endpoints/${endpoint.id}/enable`);
    expect(enabled).toMatchObject({ status: 200, body: { enabled: true, version: 3 } });
  });

  it('deletes an endpoint with its secrets; afterwards every route answers 404', async () => {
    const endpoint = await createEndpoint(app, tenant);
    expect(await call('DELETE', `/v1/endpoints/${endpoint.id}`)).toEqual({ status: 204, body: undefined });
    const secrets = await db.query('SELECT 1 FROM subscription.endpoint_secrets WHERE endpoint_id = $1', [
      endpoint.id,
    ]);
    expect(secrets.rowCount).toBe(0);
    for (const [method, suffix] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/enable'],
      ['POST', '/disable'],
      ['GET', '/secret'],
      ['POST', '/secret/rotate'],
      ['POST', '/verify'],
    ]) {
      const body = method === 'PATCH' || suffix === '/secret/rotate' ? {} : undefined;
      const answer = await call(method, `/v1/endpoints/${endpoint.id}${suffix}`, body);
      expect([method, suffix, answer.status, answer.body.code]).toEqual([
        method,
        suffix,
        404,
        'ENDPOINT_NOT_FOUND',
      ]);
    }
    const test = await call('POST', `/v1/endpoints/${endpoint.id}/test`, { eventType: 'customer.created' });
    expect(test.status).toBe(404);
  });

  it.each([
    ['no url', {}, 'url'],
    ['a non-string url', { url: 42 }, 'url'],
    ['a relative url', { url: '/hooks' }, 'url'],
    ['an ftp url', { url: 'ftp://hooks.example.com/' }, 'url'],
    ['credentials in the url', { url: 'https://u:p@hooks.example.com/' }, 'url'],
    ['an unresolvable host', { url: 'https://nowhere.invalid/' }, 'url'],
    [
      'a bad event-type filter',
      { url: 'https://hooks.example.com/', eventTypes: ['Customer Created'] },
      'eventTypes',
    ],
    ['an empty event-type filter', { url: 'https://hooks.example.com/', eventTypes: [] }, 'eventTypes'],
    ['a bad entity type', { url: 'https://hooks.example.com/', entityTypes: ['Customer'] }, 'entityTypes'],
    [
      'a webhook-* header',
      { url: 'https://hooks.example.com/', headers: { 'webhook-id': 'x' } },
      'headers.webhook-id',
    ],
    [
      'a hop-by-hop header',
      { url: 'https://hooks.example.com/', headers: { Connection: 'close' } },
      'headers.Connection',
    ],
    [
      'a reserved header',
      { url: 'https://hooks.example.com/', headers: { 'content-length': '1' } },
      'headers.content-length',
    ],
    ['headers that are not a map', { url: 'https://hooks.example.com/', headers: ['x'] }, 'headers'],
    ['a zero rate limit', { url: 'https://hooks.example.com/', rateLimitPerSecond: 0 }, 'rateLimitPerSecond'],
    ['a non-whsec secret', { url: 'https://hooks.example.com/', secret: 'hunter2' }, 'secret'],
    ['a null description', { url: 'https://hooks.example.com/', description: null }, 'description'],
    ['an unknown field', { url: 'https://hooks.example.com/', colour: 'blue' }, 'colour'],
  ])(
    'refuses to create an endpoint with %s (400 naming the field), writing nothing',
    async (_what, body, field) => {
      const before = [await count('endpoints'), await count('outbox')];
      const answer = await call('POST', '/v1/endpoints', body);
      expect(answer.status).toBe(400);
      expect(fieldsOf(answer)).toContain(field);
      expect([await count('endpoints'), await count('outbox')]).toEqual(before);
    },
  );

  it('refuses bad updates and rotations with 400s, changing nothing', async () => {
    const endpoint = await createEndpoint(app, tenant);
    const path = `/v1/endpoints/${endpoint.id}`;
    for (const [body, field] of [
      [{ description: null }, 'description'],
      [{ eventTypes: 'customer.*' }, 'eventTypes'],
      [{ headers: { 'Webhook-Signature': 'v1,forged' } }, 'headers.Webhook-Signature'],
      [{ url: 'https://127.0.0.1.nip.io.invalid/' }, 'url'],
      [{ enabled: false }, 'enabled'],
      [{ url: null }, 'url'],
      [{ verify: true }, 'verify'],
    ] as const) {
      const answer = await call('PATCH', path, body);
      expect([answer.status, fieldsOf(answer)]).toEqual([400, expect.arrayContaining([field])]);
    }
    for (const [body, field] of [
      [{ overlapSeconds: -1 }, 'overlapSeconds'],
      [{ overlapSeconds: 8 * 24 * 3600 }, 'overlapSeconds'],
      [{ secret: 'whsec_short' }, 'secret'],
    ] as const) {
      const answer = await call('POST', `${path}/secret/rotate`, body);
      expect([answer.status, fieldsOf(answer)[0]]).toEqual([400, field]);
    }
    expect((await call('GET', path)).body.version).toBe(1);
  });

  it('answers malformed JSON with a 400, not a crash', async () => {
    const answer = await call('POST', '/v1/endpoints', '{"url": "https://hooks.example.com/",');
    expect(answer.status).toBe(400);
  });

  it('never leaves half an endpoint behind when its transaction fails midway', async () => {
    // The outbox insert is the last write of the creation transaction; make it fail for one description.
    await db.query(`
      CREATE FUNCTION subscription.explode() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.value LIKE '%explode-me%' THEN RAISE EXCEPTION 'simulated failure'; END IF;
        RETURN NEW;
      END $$`);
    await db.query(
      `CREATE TRIGGER explode BEFORE INSERT ON subscription.outbox FOR EACH ROW EXECUTE FUNCTION subscription.explode()`,
    );
    try {
      const before = [await count('endpoints'), await count('endpoint_secrets'), await count('outbox')];
      const answer = await call('POST', '/v1/endpoints', {
        url: 'https://hooks.example.com/',
        description: 'explode-me',
      });
      expect(answer.status).toBe(500);
      expect([await count('endpoints'), await count('endpoint_secrets'), await count('outbox')]).toEqual(
        before,
      );
      const endpoint = await createEndpoint(app, tenant);
      const update = await call('PATCH', `/v1/endpoints/${endpoint.id}`, { description: 'explode-me' });
      expect(update.status).toBe(500);
      expect((await call('GET', `/v1/endpoints/${endpoint.id}`)).body).toMatchObject({
        description: '',
        version: 1,
      });
    } finally {
      await db.query('DROP TRIGGER explode ON subscription.outbox');
    }
  });

  it('reports endpoints by state and the outbox backlog on /metrics', async () => {
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const enabled = Number(/hookline_subscription_endpoints\{state="enabled"\} (\d+)/.exec(metrics)?.[1]);
    const disabled = Number(/hookline_subscription_endpoints\{state="disabled"\} (\d+)/.exec(metrics)?.[1]);
    const rows = await db.query<{ enabled: boolean; n: string }>(
      'SELECT enabled, count(*)::text AS n FROM subscription.endpoints GROUP BY enabled',
    );
    const expected = (state: boolean) => Number(rows.rows.find((row) => row.enabled === state)?.n ?? 0);
    expect([enabled, disabled]).toEqual([expected(true), expected(false)]);
    expect(disabled).toBeGreaterThan(0);
    expect(metrics).toMatch(/hookline_subscription_outbox_backlog \d+/);
  });
});
