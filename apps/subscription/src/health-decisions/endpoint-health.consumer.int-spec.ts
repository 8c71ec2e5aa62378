import { randomUUID } from 'node:crypto';
import type { EndpointHealthDecision, IngestEvent } from '@hookline/contracts';
import { KafkaPublisher } from '@hookline/kafka';
import {
  createTestDatabase,
  createTestKafka,
  waitFor,
  type TestDatabase,
  type TestKafka,
} from '@hookline/testing';
import {
  PUBLIC_DNS,
  createEndpoint,
  createTenant,
  type TestTenant,
} from '../../test/support/tenant-fixtures';
import {
  startSubscriptionTestApp,
  tableResolver,
  type SubscriptionTestApp,
} from '../../test/support/subscription-test-app';
import { readAll } from '../../test/support/topic-records';

/**
 * The endpoint-health consumer inside the running service: decisions published on the real topic change the
 * endpoint and reach the tenant as operational events, exactly once; bad records never block it.
 */
describe('endpoint-health decisions (real Kafka, Postgres, service)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;
  let publisher: KafkaPublisher;
  let tenant: TestTenant;

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    app = await startSubscriptionTestApp({ database, kafka, resolveHost: tableResolver(PUBLIC_DNS) });
    publisher = new KafkaPublisher(kafka.kafka, kafka.logger);
    await publisher.connect();
    tenant = await createTenant(app);
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await app?.stop();
    await database?.drop();
  });

  const decision = (
    endpointId: string,
    overrides: Partial<EndpointHealthDecision> = {},
  ): EndpointHealthDecision => ({
    decisionId: `dec_${randomUUID()}`,
    endpointId,
    tenantId: tenant.id,
    decision: 'disable',
    reason: 'no successful delivery for 5 days',
    lastSuccessAt: '2026-11-18T10:00:00.000Z',
    decidedAt: new Date().toISOString(),
    ...overrides,
  });
  const publish = (key: string, value: string | null) =>
    publisher.publish([{ topic: kafka.topics.endpointHealth, key, value }]);
  const operationalEvents = async (endpointId: string) =>
    (await readAll(kafka, kafka.topics.operationalNotices))
      .map((message) => JSON.parse(message.value!.toString()) as IngestEvent)
      .filter((event) => event.subject === endpointId);
  const waitForEvent = (endpointId: string, id: string) =>
    waitFor(async () => (await operationalEvents(endpointId)).find((event) => event.id === id), {
      what: id,
      timeoutMs: 20_000,
    });

  it('disables the endpoint with the reason and tells the tenant once, however often the decision arrives', async () => {
    const endpoint = await createEndpoint(app, tenant);
    const disable = decision(endpoint.id);
    await publish(endpoint.id, JSON.stringify(disable));
    await publish(endpoint.id, JSON.stringify(disable));
    await publish(endpoint.id, JSON.stringify(decision(endpoint.id, { reason: 'a second opinion' })));
    const marker = decision(endpoint.id, { decision: 'failing', reason: 'marker' });
    await publish(endpoint.id, JSON.stringify(marker));

    const disabled = await waitForEvent(endpoint.id, `endpoint.disabled:${endpoint.id}:2`);
    expect(disabled).toMatchObject({
      type: 'endpoint.disabled',
      tenant: tenant.id,
      data: {
        enabled: false,
        disabledReason: 'no successful delivery for 5 days',
        by: 'hookline',
        reason: 'no successful delivery for 5 days',
      },
    });
    const read = await app.call('GET', `/v1/endpoints/${endpoint.id}`, tenant.apiKey);
    expect(read.body).toMatchObject({
      enabled: false,
      disabledReason: 'no successful delivery for 5 days',
      version: 2,
    });

    // Decisions are applied in order: once the marker's notice is out, the repeats were seen and ignored.
    await waitFor(
      async () => (await operationalEvents(endpoint.id)).some((event) => event.type === 'endpoint.failing'),
      {
        what: 'the marker notice',
      },
    );
    const events = await operationalEvents(endpoint.id);
    expect(events.filter((event) => event.type === 'endpoint.disabled')).toHaveLength(1);
    expect((await app.call('GET', `/v1/endpoints/${endpoint.id}`, tenant.apiKey)).body.version).toBe(2);

    // The tenant re-enables it: the reason goes, and the tenant hears of it.
    const enabled = await app.call('POST', `/v1/endpoints/${endpoint.id}/enable`, tenant.apiKey);
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, version: 3 });
  });

  it('turns failing and recovered into notices only, and a repeated decision into no second notice', async () => {
    const endpoint = await createEndpoint(app, tenant);
    const failing = decision(endpoint.id, { decision: 'failing', reason: '12 consecutive failures' });
    const recovered = decision(endpoint.id, { decision: 'recovered', reason: 'delivered again' });
    for (const record of [failing, failing, recovered]) await publish(endpoint.id, JSON.stringify(record));
    await waitFor(
      async () => (await operationalEvents(endpoint.id)).some((event) => event.type === 'endpoint.recovered'),
      {
        what: 'endpoint.recovered',
      },
    );
    const notices = (await operationalEvents(endpoint.id)).filter(
      (event) => event.type !== 'endpoint.created',
    );
    expect(notices.map((event) => event.type)).toEqual(['endpoint.failing', 'endpoint.recovered']);
    expect(notices[0]).toMatchObject({ data: { reason: '12 consecutive failures', enabled: true } });
    expect(notices[0].id).toMatch(new RegExp(`^endpoint\\.failing:${endpoint.id}:[0-9a-f]{20}$`));
    expect((await app.call('GET', `/v1/endpoints/${endpoint.id}`, tenant.apiKey)).body).toMatchObject({
      enabled: true,
      version: 1,
    });
  });

  it('dead-letters invalid records with their reason and source, and keeps applying the ones after them', async () => {
    const endpoint = await createEndpoint(app, tenant);
    await publish(endpoint.id, '{ not json');
    await publish(endpoint.id, JSON.stringify({ endpointId: endpoint.id, decision: 'disable' }));
    await publish(endpoint.id, JSON.stringify(decision(endpoint.id, { decision: 'explode' as never })));
    await publish(endpoint.id, null);
    await publish(endpoint.id, JSON.stringify(decision(endpoint.id, { reason: 'after the bad ones' })));
    await waitForEvent(endpoint.id, `endpoint.disabled:${endpoint.id}:2`);
    const dead = await kafka.readTopic(kafka.topics.endpointHealthDeadLetter, 4);
    expect(dead).toHaveLength(4);
    for (const record of dead) {
      expect(record.key?.toString()).toBe(endpoint.id);
      expect(record.headers?.['hookline-dlq-reason']?.toString()).toMatch(/\S/);
      expect(record.headers?.['hookline-dlq-reason-class']?.toString()).toBe('invalid');
      expect(record.headers?.['hookline-dlq-source-topic']?.toString()).toBe(kafka.topics.endpointHealth);
      expect(record.headers?.['hookline-dlq-source-offset']?.toString()).toMatch(/^\d+$/);
    }
    const logged = app.logs.filter((line) => line.includes('record dead-lettered'));
    expect(logged.length).toBeGreaterThanOrEqual(4);
    expect(JSON.parse(logged[0])).toMatchObject({
      consumer: 'subscription.endpoint-health',
      topic: kafka.topics.endpointHealth,
      offset: expect.any(String),
      reason: expect.any(String),
    });
    const metrics = (await app.call<string>('GET', '/metrics')).body;
    expect(metrics).toMatch(
      /hookline_subscription_health_decisions_total\{decision="unknown",result="rejected"\} [4-9]/,
    );
    expect(metrics).toMatch(
      /hookline_consumer_dead_letters_total\{consumer="subscription.endpoint-health",topic="[^"]+",reason_class="invalid"\} 4/,
    );
  });

  it("never lets a decision naming one tenant change another tenant's endpoint", async () => {
    const other = await createTenant(app, 'Other');
    const endpoint = await createEndpoint(app, other);
    const wrongTenant = decision(endpoint.id, { tenantId: tenant.id });
    await publish(endpoint.id, JSON.stringify(wrongTenant));
    const unknown = decision('ep_does_not_exist');
    await publish('ep_does_not_exist', JSON.stringify(unknown));
    const marker = decision(endpoint.id, { tenantId: other.id, decision: 'failing', reason: 'marker' });
    await publish(endpoint.id, JSON.stringify(marker));
    await waitFor(
      async () => (await operationalEvents(endpoint.id)).some((event) => event.type === 'endpoint.failing'),
      {
        what: 'the marker notice',
      },
    );
    expect((await app.call('GET', `/v1/endpoints/${endpoint.id}`, other.apiKey)).body).toMatchObject({
      enabled: true,
      version: 1,
    });
    expect(app.logs.filter((line) => line.includes('names no endpoint of that tenant'))).toHaveLength(2);
  });
});
