import type { EventTypeRecord } from '@hookline/contracts';
import { eventTypeRecordKey } from '@hookline/contracts';
import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from '@hookline/testing';
import { createTenant, type TestTenant } from './support/tenant-fixtures';
import {
  fieldsOf,
  startSubscriptionTestApp,
  valuesOf,
  type SubscriptionTestApp,
} from './support/subscription-test-app';
import { waitForRecord } from './support/topic-records';

const customerSchema = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
};

describe('event types (real HTTP, Postgres, Kafka)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    app = await startSubscriptionTestApp({ database, kafka });
    tenant = await createTenant(app);
  });

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  const call = (method: string, path: string, body?: unknown) => app.call(method, path, tenant.apiKey, body);

  it('registers a type with a schema and publishes it as an EventTypeRecord', async () => {
    const answer = await call('POST', '/v1/event-types', {
      type: 'customer.merged',
      description: 'Two customers became one',
      schema: customerSchema,
    });
    expect(answer).toMatchObject({
      status: 201,
      body: {
        type: 'customer.merged',
        description: 'Two customers became one',
        schema: customerSchema,
        archived: false,
        version: 1,
      },
    });
    const record = await waitForRecord<EventTypeRecord>(
      kafka,
      kafka.topics.subscriptions,
      eventTypeRecordKey(tenant.id, 'customer.merged'),
      (r) => r.version === 1,
    );
    expect(record).toMatchObject({
      kind: 'event-type',
      tenantId: tenant.id,
      type: 'customer.merged',
      schema: customerSchema,
      archived: false,
    });
    expect((await call('GET', '/v1/event-types/customer.merged')).body).toEqual(answer.body);
  });

  it.each([
    [
      'a schema that does not compile',
      { type: 'a.b', schema: { type: 'object', properties: { x: { type: 'nope' } } } },
      'schema',
    ],
    [
      'a schema with an unknown keyword',
      { type: 'a.b', schema: { type: 'object', requird: ['x'] } },
      'schema',
    ],
    [
      'a schema for something other than an object',
      { type: 'a.b', schema: { type: 'array' } },
      'schema.type',
    ],
    ['a schema that is not an object', { type: 'a.b', schema: 'anything' }, 'schema'],
    ['a type without an action', { type: 'customer' }, 'type'],
    ['an uppercase type', { type: 'Customer.Created' }, 'type'],
    ['no type', { description: 'x' }, 'type'],
    ['an unknown field', { type: 'a.b', colour: 'blue' }, 'colour'],
  ])('refuses %s with a 400 naming the field', async (_what, body, field) => {
    const answer = await call('POST', '/v1/event-types', body);
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer)).toContain(field);
  });

  it('explains a schema that does not compile with the compiler’s own message', async () => {
    const answer = await call('POST', '/v1/event-types', {
      type: 'a.b',
      schema: { type: 'object', requird: ['x'] },
    });
    expect(answer.body.errors[0].message).toMatch(/does not compile: .*requird/);
  });

  it('refuses a type already registered, or built in, with a 409', async () => {
    await call('POST', '/v1/event-types', { type: 'invoice.paid' });
    expect(await call('POST', '/v1/event-types', { type: 'invoice.paid' })).toMatchObject({
      status: 409,
      body: { code: 'EVENT_TYPE_EXISTS' },
    });
    expect((await call('POST', '/v1/event-types', { type: 'endpoint.disabled' })).status).toBe(409);
    // Another tenant may register the same name: types are per tenant.
    const other = await createTenant(app);
    expect((await app.call('POST', '/v1/event-types', other.apiKey, { type: 'invoice.paid' })).status).toBe(
      201,
    );
  });

  it('lists the catalogue: lifecycle actions, built-in types and the tenant’s types, a page at a time', async () => {
    const catalogue = await call('GET', '/v1/event-types?limit=1');
    expect(catalogue.status).toBe(200);
    expect(valuesOf(catalogue.body.lifecycleActions, 'action')).toEqual([
      'created',
      'updated',
      'deleted',
      'restored',
      'deleted_forever',
    ]);
    expect(valuesOf(catalogue.body.builtIn, 'type')).toEqual(
      expect.arrayContaining(['endpoint.disabled', 'endpoint.failing', 'webhook.endpoint.verification']),
    );
    expect(valuesOf(catalogue.body.data, 'type')).toEqual(['customer.merged']);
    const next = await call(
      'GET',
      `/v1/event-types?limit=1&cursor=${encodeURIComponent(catalogue.body.nextCursor as string)}`,
    );
    expect(valuesOf(next.body.data, 'type')).toEqual(['invoice.paid']);
    expect(next.body.nextCursor).toBeNull();
  });

  it('updates, archives and unarchives, publishing each change once', async () => {
    const path = '/v1/event-types/customer.merged';
    const changed = await call('PATCH', path, { description: 'merged', schema: null });
    expect(changed.body).toMatchObject({ description: 'merged', schema: null, version: 2 });
    expect((await call('PATCH', path, { description: 'merged' })).body.version).toBe(2);
    expect(
      (await call('PATCH', path, { schema: { type: 'object', properties: { x: { type: 'bogus' } } } }))
        .status,
    ).toBe(400);

    expect((await call('DELETE', path)).status).toBe(204);
    expect((await call('GET', path)).body).toMatchObject({ archived: true, version: 3 });
    const listed = await call('GET', '/v1/event-types');
    expect(valuesOf(listed.body.data, 'type')).toEqual(['invoice.paid']);
    const all = await call('GET', '/v1/event-types?includeArchived=true');
    expect(valuesOf(all.body.data, 'type')).toEqual(['customer.merged', 'invoice.paid']);
    const archivedRecord = await waitForRecord<EventTypeRecord>(
      kafka,
      kafka.topics.subscriptions,
      eventTypeRecordKey(tenant.id, 'customer.merged'),
      (r) => r.version === 3,
    );
    expect(archivedRecord.archived).toBe(true);

    expect((await call('PATCH', path, { archived: false })).body).toMatchObject({
      archived: false,
      version: 4,
    });
  });

  it('answers 404 for a type the tenant never registered', async () => {
    for (const [method, body] of [['GET'], ['PATCH', { description: 'x' }], ['DELETE']] as const) {
      expect((await call(method, '/v1/event-types/nothing.here', body)).status).toBe(404);
    }
  });
});
