import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from '@hookline/testing';
import { PUBLIC_DNS, createEndpoint, createTenant, type TestTenant } from './support/tenant-fixtures';
import {
  startSubscriptionTestApp,
  tableResolver,
  type SubscriptionTestApp,
} from './support/subscription-test-app';

/** A raw POST (exact bytes and headers), answered even when the server closes the connection. */
function post(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: JSON.parse(text) as Record<string, unknown>,
          ms: performance.now() - started,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const redosSchema = {
  type: 'object',
  properties: { name: { type: 'string', pattern: '^(a|aa)+$' } },
};

/** Hostile tenants and unauthenticated clients against the subscription service (real HTTP, Postgres, Kafka). */
describe('subscription: hostile input', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    app = await startSubscriptionTestApp({ database, kafka, resolveHost: tableResolver(PUBLIC_DNS) });
    tenant = await createTenant(app);
  });

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  const call = (method: string, path: string, body?: unknown) => app.call(method, path, tenant.apiKey, body);
  const bomb = gzipSync(Buffer.alloc(31 * 1024 * 1024, 0x20));
  const gzipJson = { 'content-type': 'application/json', 'content-encoding': 'gzip' };

  it('answers unauthenticated gzip bombs 401 on tenant and operator routes, before reading them', async () => {
    const tenantRoute = await post(`${app.url}/v1/endpoints`, bomb, gzipJson);
    expect([tenantRoute.status, tenantRoute.body.message]).toEqual([
      401,
      'a valid tenant API key is required',
    ]);
    const operatorRoute = await post(`${app.url}/v1/tenants`, bomb, {
      ...gzipJson,
      authorization: `Bearer ${tenant.apiKey}`, // a tenant key is not an operator token
    });
    expect([operatorRoute.status, operatorRoute.body.message]).toEqual([
      401,
      'a valid operator token is required',
    ]);
  });

  it('refuses an authenticated gzip bomb (413) and a body nested 12,000 deep (400 naming the limit)', async () => {
    const auth = { authorization: `Bearer ${tenant.apiKey}` };
    expect((await post(`${app.url}/v1/endpoints`, bomb, { ...gzipJson, ...auth })).status).toBe(413);
    const deep = Buffer.from(
      `{"url":"https://hooks.example.com/","description":${'['.repeat(12_000)}${']'.repeat(12_000)}}`,
    );
    const answer = await post(`${app.url}/v1/endpoints`, deep, {
      'content-type': 'application/json',
      ...auth,
    });
    expect([answer.status, answer.body.errors]).toEqual([
      400,
      [{ field: '(root)', message: 'is nested deeper than 64 levels of objects and arrays' }],
    ]);
  });

  it('registers the ReDoS pattern ^(a|aa)+$ (it runs on RE2) and answers a hostile test event with a quick 400', async () => {
    expect((await call('POST', '/v1/event-types', { type: 'order.named', schema: redosSchema })).status).toBe(
      201,
    );
    const endpoint = await createEndpoint(app, tenant);
    const started = performance.now();
    const answer = await call('POST', `/v1/endpoints/${endpoint.id}/test`, {
      eventType: 'order.named',
      data: { name: `${'a'.repeat(30_000)}b` },
    });
    console.log(
      `subscription test event, ^(a|aa)+$ against 30,001 characters: answered in ${(performance.now() - started).toFixed(1)} ms`,
    );
    expect([answer.status, answer.body.errors]).toEqual([
      400,
      [{ field: 'data.name', message: 'must match pattern "^(a|aa)+$"' }],
    ]);
  });

  it('refuses schemas RE2 cannot run, over 32 KiB, or deeper than 48 levels (400, field schema)', async () => {
    const lookahead = { type: 'object', properties: { s: { type: 'string', pattern: '^(?=a)a+$' } } };
    const large = { type: 'object', description: 'x'.repeat(33 * 1024) };
    let deep: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 25; level++) deep = { type: 'object', properties: { a: deep } };
    const answers = await Promise.all(
      [lookahead, large, deep].map((schema, index) =>
        call('POST', '/v1/event-types', { type: `bad.t${index}`, schema }),
      ),
    );
    expect(answers.map((answer): unknown[] => [answer.status, answer.body.errors as unknown])).toEqual([
      [
        400,
        [{ field: 'schema', message: expect.stringMatching(/^does not compile: .*unsupported Perl syntax/) }],
      ],
      [
        400,
        [
          {
            field: 'schema',
            message: expect.stringMatching(/^is \d+ bytes as JSON, over the limit of 32768$/),
          },
        ],
      ],
      [400, [{ field: 'schema', message: 'is nested deeper than 48 levels' }]],
    ]);
  });
});
