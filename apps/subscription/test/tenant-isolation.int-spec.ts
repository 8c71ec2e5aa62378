import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from '@hookline/testing';
import { PUBLIC_DNS, createEndpoint, createTenant, type TestTenant } from './support/tenant-fixtures';
import {
  fieldsOf,
  idsOf,
  startSubscriptionTestApp,
  tableResolver,
  type SubscriptionTestApp,
} from './support/subscription-test-app';

interface OpenApiOperation {
  operationId: string;
  security?: Array<Record<string, string[]>>;
}

/** Bodies that pass validation, so a route can only refuse tenant B's request by not finding A's object. */
const VALID_BODIES: Record<string, unknown> = {
  Endpoints_update: { description: 'taken over' },
  EndpointSecrets_rotate: {},
  TestEvents_send: { eventType: 'customer.created' },
  EventTypes_update: { description: 'taken over' },
};

describe('tenant isolation and API keys (real HTTP, Postgres, Kafka)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;
  let owner: TestTenant;
  let intruder: TestTenant;
  let endpoint: { id: string; version: number };

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    app = await startSubscriptionTestApp({ database, kafka, resolveHost: tableResolver(PUBLIC_DNS) });
    owner = await createTenant(app, 'Owner');
    intruder = await createTenant(app, 'Intruder');
    endpoint = await createEndpoint(app, owner);
    const eventType = await app.call('POST', '/v1/event-types', owner.apiKey, { type: 'customer.merged' });
    expect(eventType.status).toBe(201);
  });

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it("answers 404 on every tenant route with another tenant's key, and changes nothing", async () => {
    const spec = (await app.call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    const ids: Record<string, string> = {
      endpointId: endpoint.id,
      type: 'customer.merged',
      keyId: owner.apiKeyId,
    };
    const walked: string[] = [];
    for (const [path, operations] of Object.entries(spec.paths)) {
      if (!path.includes('{')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        if (!(operation.security ?? []).some((scheme) => 'tenant-key' in scheme)) continue;
        const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name]));
        const hasBody = ['post', 'patch', 'put'].includes(method);
        const body = hasBody ? (VALID_BODIES[operation.operationId] ?? {}) : undefined;
        const answer = await app.call(method.toUpperCase(), concrete, intruder.apiKey, body);
        expect([operation.operationId, answer.status]).toEqual([operation.operationId, 404]);
        walked.push(operation.operationId);
      }
    }
    expect(walked.sort()).toEqual(
      [
        'ApiKeys_revoke',
        'EndpointSecrets_reveal',
        'EndpointSecrets_rotate',
        'Endpoints_delete',
        'Endpoints_disable',
        'Endpoints_enable',
        'Endpoints_get',
        'Endpoints_update',
        'EventTypes_archive',
        'EventTypes_get',
        'EventTypes_update',
        'TestEvents_send',
        'Verification_verify',
      ].sort(),
    );
    // The owner still has everything, unchanged.
    const mine = await app.call('GET', `/v1/endpoints/${endpoint.id}`, owner.apiKey);
    expect(mine.body).toMatchObject({ version: endpoint.version, description: '', enabled: true });
    expect((await app.call('GET', '/v1/event-types/customer.merged', owner.apiKey)).body).toMatchObject({
      description: '',
      archived: false,
    });
    expect((await app.call('GET', '/v1/endpoints', owner.apiKey)).status).toBe(200);
  });

  it("lists only the caller's own endpoints, event types and keys", async () => {
    await createEndpoint(app, intruder);
    expect(idsOf(await app.call('GET', '/v1/endpoints', intruder.apiKey))).not.toContain(endpoint.id);
    const types = await app.call('GET', '/v1/event-types', intruder.apiKey);
    expect(types.body.data).toEqual([]);
    const keys = idsOf(await app.call('GET', '/v1/api-keys', intruder.apiKey));
    expect(keys).toEqual([intruder.apiKeyId]);
  });

  it('refuses requests without a valid tenant key, and tenant keys on operator routes', async () => {
    for (const token of [undefined, 'hk_not-a-key', app.operatorToken]) {
      expect((await app.call('GET', '/v1/endpoints', token)).status).toBe(401);
    }
    expect((await app.call('POST', '/v1/tenants', owner.apiKey, { name: 'Sneaky' })).status).toBe(401);
    expect((await app.call('GET', `/v1/tenants/${owner.id}`, owner.apiKey)).status).toBe(401);
    expect((await app.call('POST', '/v1/admin/republish', owner.apiKey)).status).toBe(401);
  });

  it('refuses a revoked key from the moment it is revoked, and publishes the revocation', async () => {
    const second = await app.call('POST', '/v1/api-keys', owner.apiKey, { name: 'ci' });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ name: 'ci', revokedAt: null });
    expect(second.body.apiKey as string).toMatch(/^hk_/);
    expect((await app.call('GET', '/v1/endpoints', second.body.apiKey as string)).status).toBe(200);

    expect((await app.call('DELETE', `/v1/api-keys/${second.body.id}`, owner.apiKey)).status).toBe(204);
    expect((await app.call('GET', '/v1/endpoints', second.body.apiKey as string)).status).toBe(401);
    expect((await app.call('DELETE', `/v1/api-keys/${second.body.id}`, owner.apiKey)).status).toBe(204);
    expect((await app.call('DELETE', '/v1/api-keys/key_unknown', owner.apiKey)).status).toBe(404);

    // The revocation is published as the key leaving the record: it carries live keys only, so it does not
    // grow with every key the tenant ever made.
    const latest = await waitForVersion(kafka, owner.id, 3);
    expect(latest.apiKeys).toEqual([
      { id: owner.apiKeyId, hash: expect.stringMatching(/^[0-9a-f]{64}$/), revokedAt: null },
    ]);
  });

  it('lets the operator read a tenant, issue it a key and revoke one', async () => {
    const tenant = await createTenant(app, 'Managed');
    const read = await app.call('GET', `/v1/tenants/${tenant.id}`, app.operatorToken);
    expect(read).toMatchObject({
      status: 200,
      body: { id: tenant.id, name: 'Managed', apiKeys: [{ id: tenant.apiKeyId }] },
    });
    expect(JSON.stringify(read.body)).not.toContain(tenant.apiKey);
    const issued = await app.call('POST', `/v1/tenants/${tenant.id}/api-keys`, app.operatorToken, {
      name: 'recovery',
    });
    expect(issued.status).toBe(201);
    expect((await app.call('GET', '/v1/endpoints', issued.body.apiKey as string)).status).toBe(200);
    const revoke = await app.call(
      'DELETE',
      `/v1/tenants/${tenant.id}/api-keys/${tenant.apiKeyId}`,
      app.operatorToken,
    );
    expect(revoke.status).toBe(204);
    expect((await app.call('GET', '/v1/endpoints', tenant.apiKey)).status).toBe(401);
    // A key id of another tenant is not this tenant's.
    const foreign = await app.call(
      'DELETE',
      `/v1/tenants/${tenant.id}/api-keys/${owner.apiKeyId}`,
      app.operatorToken,
    );
    expect(foreign.status).toBe(404);
  });

  it('answers bad operator requests with 400, 404 and 409', async () => {
    const taken = await app.call('POST', '/v1/tenants', app.operatorToken, { id: owner.id, name: 'Again' });
    expect(taken).toMatchObject({ status: 409, body: { code: 'TENANT_EXISTS' } });
    expect(fieldsOf(taken)).toEqual(['id']);
    for (const body of [
      {},
      { name: '' },
      { id: 'has:colon', name: 'x' },
      { id: null, name: 'x' },
      { name: 'x', extra: 1 },
    ]) {
      expect((await app.call('POST', '/v1/tenants', app.operatorToken, body)).status).toBe(400);
    }
    expect((await app.call('GET', '/v1/tenants/nobody', app.operatorToken)).status).toBe(404);
    for (const body of [{ name: 5 }, { name: 'x'.repeat(101) }, { name: null }, { label: 'ci' }]) {
      const answer = await app.call('POST', '/v1/api-keys', owner.apiKey, body);
      expect([answer.status, new Set(fieldsOf(answer)).size]).toEqual([400, 1]);
    }
    expect((await app.call('GET', '/v1/api-keys?limit=0', owner.apiKey)).status).toBe(400);
    expect((await app.call('POST', '/v1/tenants/nobody/api-keys', app.operatorToken, {})).status).toBe(404);
    expect(
      (await app.call('DELETE', `/v1/tenants/nobody/api-keys/${owner.apiKeyId}`, app.operatorToken)).status,
    ).toBe(404);
  });
});

async function waitForVersion(
  kafka: TestKafka,
  tenantId: string,
  version: number,
): Promise<{ version: number; apiKeys: unknown[] }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const records = await kafka.readTopic(kafka.topics.subscriptions, 1);
    const found = records
      .filter((record) => record.key?.toString() === `tenant:${tenantId}` && record.value !== null)
      .map((record) => JSON.parse(record.value!.toString()) as { version: number; apiKeys: unknown[] })
      .find((record) => record.version === version);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`tenant ${tenantId} version ${version} never reached the topic`);
}
