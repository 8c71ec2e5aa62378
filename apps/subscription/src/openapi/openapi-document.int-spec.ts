import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabase, createTestKafka, type TestDatabase } from '@hookline/testing';
import { startSubscriptionTestApp, type SubscriptionTestApp } from '../../test/support/subscription-test-app';

const CHECKED_IN = resolve(__dirname, '..', '..', '..', '..', 'docs', 'openapi', 'subscription.json');

/**
 * The OpenAPI document is generated from the code at start-up and served; the copy in docs/ must be the
 * same document. After changing the API: `UPDATE_OPENAPI=1 npx jest -c jest.int.config.js openapi-document`
 * rewrites the copy (then `npx prettier --write docs/openapi`).
 */
describe('OpenAPI document (real service)', () => {
  let database: TestDatabase;
  let app: SubscriptionTestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startSubscriptionTestApp({ database, kafka: await createTestKafka() });
  });

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('serves at /openapi.json exactly the document checked in as docs/openapi/subscription.json', async () => {
    const served = await app.call('GET', '/openapi.json');
    expect(served.status).toBe(200);
    if (process.env.UPDATE_OPENAPI === '1')
      writeFileSync(CHECKED_IN, `${JSON.stringify(served.body, null, 2)}\n`);
    const checkedIn: unknown = JSON.parse(readFileSync(CHECKED_IN, 'utf8'));
    expect(served.body).toEqual(checkedIn);
  });

  it('documents every tenant and operator route with its authentication', async () => {
    const document = (await app.call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );
    expect(operations.filter(({ operation }) => (operation.security ?? []).length === 0)).toEqual([]);
    expect(operations.map(({ route }) => route).sort()).toEqual(
      [
        'POST /v1/tenants',
        'GET /v1/tenants/{tenantId}',
        'POST /v1/tenants/{tenantId}/api-keys',
        'DELETE /v1/tenants/{tenantId}/api-keys/{keyId}',
        'GET /v1/api-keys',
        'POST /v1/api-keys',
        'DELETE /v1/api-keys/{keyId}',
        'POST /v1/endpoints',
        'GET /v1/endpoints',
        'GET /v1/endpoints/{endpointId}',
        'PATCH /v1/endpoints/{endpointId}',
        'DELETE /v1/endpoints/{endpointId}',
        'POST /v1/endpoints/{endpointId}/enable',
        'POST /v1/endpoints/{endpointId}/disable',
        'GET /v1/endpoints/{endpointId}/secret',
        'POST /v1/endpoints/{endpointId}/secret/rotate',
        'POST /v1/endpoints/{endpointId}/verify',
        'POST /v1/endpoints/{endpointId}/test',
        'POST /v1/event-types',
        'GET /v1/event-types',
        'GET /v1/event-types/{type}',
        'PATCH /v1/event-types/{type}',
        'DELETE /v1/event-types/{type}',
        'POST /v1/admin/republish',
        'POST /v1/admin/secrets/reencrypt',
        'GET /v1/quotas',
        'GET /v1/tenants/{tenantId}/quotas',
        'PATCH /v1/tenants/{tenantId}/quotas',
      ].sort(),
    );
  });

  it('serves browsable documentation at /docs', async () => {
    const page = await fetch(`${app.url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
  });
});
