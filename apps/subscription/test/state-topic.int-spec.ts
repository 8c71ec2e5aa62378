import {
  eventPartitionKey,
  validateHooklineEvent,
  validateIngestEvent,
  validateSubscriptionRecord,
  webhookIdFor,
  type EndpointRecord,
  type HooklineEvent,
  type IngestEvent,
} from '@hookline/contracts';
import { SubscriptionReplica } from '@hookline/subscription-state';
import {
  createTestDatabase,
  createTestKafka,
  waitFor,
  type TestDatabase,
  type TestKafka,
} from '@hookline/testing';
import { hashApiKey } from '@hookline/webhook-crypto';
import { PUBLIC_DNS, createEndpoint, createTenant, type TestTenant } from './support/tenant-fixtures';
import {
  fieldsOf,
  idsOf,
  startSubscriptionTestApp,
  tableResolver,
  type SubscriptionTestApp,
} from './support/subscription-test-app';
import { readAll } from './support/topic-records';

/**
 * State as events: the compacted subscriptions topic holds every change (full state, rising versions,
 * tombstones), operational events go to the operational-notices topic, test events to the events topic, and the topic
 * alone rebuilds the routing table, even after it was lost and republished.
 */
describe('state on Kafka (real HTTP, Postgres, Kafka)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;
  let tenant: TestTenant;
  const replicas: SubscriptionReplica[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    app = await startSubscriptionTestApp({ database, kafka, resolveHost: tableResolver(PUBLIC_DNS) });
    tenant = await createTenant(app);
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await app?.stop();
    await database?.drop();
  });

  const call = (method: string, path: string, body?: unknown) => app.call(method, path, tenant.apiKey, body);

  /** A replica as delivery builds it: the topic from the beginning, caught up before it answers. */
  const replicaOf = async (topicKafka: TestKafka) => {
    const replica = new SubscriptionReplica(
      topicKafka.kafka,
      topicKafka.topics.subscriptions,
      `rebuild${replicas.length}`,
      topicKafka.logger,
    );
    replicas.push(replica);
    await replica.start();
    return replica;
  };

  /** Waits until the outbox has published everything committed so far. */
  const drained = () =>
    waitFor(
      async () =>
        /hookline_subscription_outbox_backlog 0\b/.test((await app.call<string>('GET', '/metrics')).body),
      { what: 'an empty outbox' },
    );

  it('publishes every change as the full state with a rising version, and a tombstone on delete', async () => {
    const endpoint = await createEndpoint(app, tenant, { eventTypes: ['customer.*'] });
    const path = `/v1/endpoints/${endpoint.id}`;
    await call('PATCH', path, { eventTypes: ['invoice.*'] });
    await call('POST', `${path}/disable`);
    await call('POST', `${path}/enable`);
    await call('POST', `${path}/secret/rotate`, {});
    await call('DELETE', path);
    await drained();

    const records = (await readAll(kafka, kafka.topics.subscriptions)).filter(
      (r) => r.key?.toString() === endpoint.id,
    );
    expect(records).toHaveLength(6);
    expect(records[5].value).toBeNull();
    const states = records.slice(0, 5).map((record) => {
      const validated = validateSubscriptionRecord(JSON.parse(record.value!.toString()));
      if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
      return validated.value as EndpointRecord;
    });
    expect(states.map((state) => state.version)).toEqual([1, 2, 3, 4, 5]);
    expect(states.map((state) => [state.eventTypes, state.enabled, state.secrets.length])).toEqual([
      [['customer.*'], true, 1],
      [['invoice.*'], true, 1],
      [['invoice.*'], false, 1],
      [['invoice.*'], true, 1],
      [['invoice.*'], true, 2],
    ]);
    expect(states.every((state) => state.tenantId === tenant.id && state.id === endpoint.id)).toBe(true);
  });

  it('emits endpoint.<action> operational events in the ingest format, with deterministic ids', async () => {
    const endpoint = await createEndpoint(app, tenant);
    const path = `/v1/endpoints/${endpoint.id}`;
    await call('PATCH', path, { description: 'renamed' });
    await call('PATCH', path, { description: 'renamed' });
    await call('POST', `${path}/disable`);
    await call('POST', `${path}/enable`);
    await call('DELETE', path);
    await drained();

    const messages = (await readAll(kafka, kafka.topics.operationalNotices)).filter((m) =>
      m.value?.toString().includes(endpoint.id),
    );
    const events = messages.map((message) => JSON.parse(message.value!.toString()) as IngestEvent);
    expect(events.map((event) => event.id)).toEqual([
      `endpoint.created:${endpoint.id}:1`,
      `endpoint.updated:${endpoint.id}:2`,
      `endpoint.disabled:${endpoint.id}:3`,
      `endpoint.enabled:${endpoint.id}:4`,
      `endpoint.deleted:${endpoint.id}:5`,
    ]);
    for (const [index, event] of events.entries()) {
      expect(validateIngestEvent(event)).toEqual({ ok: true, value: event });
      expect(event).toMatchObject({
        tenant: tenant.id,
        subject: endpoint.id,
        source: '/hookline/subscription',
      });
      expect(messages[index].key?.toString()).toBe(`${tenant.id}:endpoint:${endpoint.id}`);
    }
    expect(events[1].data).toMatchObject({
      changedFields: ['description'],
      description: 'renamed',
      version: 2,
    });
    expect(events[2].data).toMatchObject({ enabled: false, by: 'tenant' });
    expect(JSON.stringify(events)).not.toContain('whsec_');
  });

  it('queues a test event on the events topic aimed at one endpoint, and links to its attempts', async () => {
    const endpoint = await createEndpoint(app, tenant, { eventTypes: ['invoice.paid'] });
    const answer = await call('POST', `/v1/endpoints/${endpoint.id}/test`, {
      eventType: 'customer.created',
      data: { name: 'Test' },
      subject: 'cus_test',
    });
    expect(answer.status).toBe(202);
    const { eventId, webhookId, attemptsUrl } = answer.body as {
      eventId: string;
      webhookId: string;
      attemptsUrl: string;
    };
    expect(webhookId).toBe(webhookIdFor(tenant.id, eventId, endpoint.id));
    expect(attemptsUrl).toBe(
      `https://delivery.hookline.test/v1/attempts?eventId=${encodeURIComponent(eventId)}&endpointId=${endpoint.id}`,
    );
    const message = await waitFor(
      async () =>
        (await readAll(kafka, kafka.topics.events)).find((m) => m.headers?.ce_id?.toString() === eventId),
      { what: 'the test event' },
    );
    const event = JSON.parse(message.value!.toString()) as HooklineEvent;
    expect(validateHooklineEvent(event).ok).toBe(true);
    expect(event).toMatchObject({
      id: eventId,
      type: 'customer.created',
      subject: 'cus_test',
      tenantid: tenant.id,
      data: { name: 'Test' },
      targetendpointid: endpoint.id,
    });
    expect(message.key?.toString()).toBe(eventPartitionKey(event));
  });

  it('refuses a test event for a disabled endpoint (409) or with data its registered schema rejects (400)', async () => {
    const endpoint = await createEndpoint(app, tenant);
    await call('POST', '/v1/event-types', {
      type: 'order.placed',
      schema: { type: 'object', required: ['total'], properties: { total: { type: 'number' } } },
    });
    const bad = await call('POST', `/v1/endpoints/${endpoint.id}/test`, {
      eventType: 'order.placed',
      data: { total: 'ten' },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['data.total']);
    const good = await call('POST', `/v1/endpoints/${endpoint.id}/test`, {
      eventType: 'order.placed',
      data: { total: 10 },
    });
    expect(good.status).toBe(202);
    expect(
      (await call('POST', `/v1/endpoints/${endpoint.id}/test`, { eventType: 'Order Placed' })).status,
    ).toBe(400);
    await call('POST', `/v1/endpoints/${endpoint.id}/disable`);
    const disabled = await call('POST', `/v1/endpoints/${endpoint.id}/test`, {
      eventType: 'order.placed',
      data: { total: 1 },
    });
    expect(disabled).toMatchObject({ status: 409, body: { code: 'ENDPOINT_DISABLED' } });
  });

  it('rebuilds the same routing table and key index from the topic alone', async () => {
    const tenants = [tenant, await createTenant(app, 'Second'), await createTenant(app, 'Third')];
    for (const [index, owner] of tenants.entries()) {
      for (let i = 0; i < 4; i++) {
        const endpoint = await createEndpoint(app, owner, { eventTypes: [`entity${i}.*`] });
        if (i === 1) await app.call('POST', `/v1/endpoints/${endpoint.id}/disable`, owner.apiKey);
        if (i === 2)
          await app.call('PATCH', `/v1/endpoints/${endpoint.id}`, owner.apiKey, { entityTypes: ['entity2'] });
        if (i === 3 && index === 0) await app.call('DELETE', `/v1/endpoints/${endpoint.id}`, owner.apiKey);
      }
    }
    const revoked = await app.call('POST', '/v1/api-keys', tenants[1].apiKey, { name: 'short-lived' });
    await app.call('DELETE', `/v1/api-keys/${revoked.body.id}`, tenants[1].apiKey);
    await drained();

    const replica = await replicaOf(kafka);
    for (const owner of tenants) {
      const listed = await app.call('GET', '/v1/endpoints?limit=100', owner.apiKey);
      const fromApi = (listed.body.data as Array<Record<string, unknown>>).map(routingView).sort(byId);
      const fromTopic = replica.state.endpointsOfTenant(owner.id).map(routingView).sort(byId);
      expect(fromTopic).toEqual(fromApi);
      expect(idsOf(listed).length).toBeGreaterThan(0);
      expect(replica.state.tenantIdForKeyHash(hashApiKey(owner.apiKey))).toBe(owner.id);
    }
    expect(replica.state.tenantIdForKeyHash(hashApiKey(revoked.body.apiKey as string))).toBeUndefined();
    expect(replica.state.eventType(tenant.id, 'order.placed')).toMatchObject({
      kind: 'event-type',
      archived: false,
    });
  });

  it('republishes the full state so that a lost topic rebuilds the same state', async () => {
    await drained();
    const original = await replicaOf(kafka);
    const fresh = await createTestKafka();
    const second = await startSubscriptionTestApp({
      database,
      kafka: fresh,
      resolveHost: tableResolver(PUBLIC_DNS),
    });
    try {
      const republished = await second.call('POST', '/v1/admin/republish', second.operatorToken);
      expect(republished.status).toBe(200);
      const endpointCount = [...original.state.allEndpoints()].length;
      expect(republished.body).toMatchObject({ endpoints: endpointCount, tenants: 3, eventTypes: 1 });
      await waitFor(
        async () => (await readAll(fresh, fresh.topics.subscriptions)).length >= endpointCount + 4,
        {
          what: 'the republished records',
        },
      );
      const rebuilt = await replicaOf(fresh);
      expect([...rebuilt.state.allEndpoints()].sort(byId)).toEqual(
        [...original.state.allEndpoints()].sort(byId),
      );
      for (const id of new Set([...original.state.allEndpoints()].map((endpoint) => endpoint.tenantId))) {
        expect(rebuilt.state.tenant(id)).toEqual(original.state.tenant(id));
        expect(rebuilt.state.eventTypesOfTenant(id)).toEqual(original.state.eventTypesOfTenant(id));
      }
    } finally {
      await second.stop();
    }
  });
});

/** What routing depends on: who, which events, whether enabled, which state version. */
function routingView(endpoint: Record<string, unknown> | EndpointRecord) {
  const { id, url, eventTypes, entityTypes, enabled, disabledReason, rateLimitPerSecond, headers, version } =
    endpoint as EndpointRecord;
  return { id, url, eventTypes, entityTypes, enabled, disabledReason, rateLimitPerSecond, headers, version };
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id.localeCompare(b.id);
}
